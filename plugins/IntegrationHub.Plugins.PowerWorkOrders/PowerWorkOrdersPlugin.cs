using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Console;
using IntegrationHub.Plugins.PowerWorkOrders.Inbound;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>
/// Grid work orders, outage notices by voice bot, voice-bot dialog turns and operation tickets. Everything outside
/// the hub goes through the outbox to the connectors named in <see cref="PowerWorkOrdersOptions"/>.
/// </summary>
public sealed class PowerWorkOrdersPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        var options = PowerWorkOrdersOptions.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Tickets);
        builder.Services.AddSingleton<BayCatalog>();
        builder.Services.AddSingleton<TicketTemplateCatalog>();
        builder.Services.AddSingleton<InterlockSimulator>();
        builder.Services.AddSingleton<TicketChecker>();
        builder.Services.AddTransient<TicketDrafter>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDataSources, NoDataSources>();
        builder.Services.AddScoped<WorkOrderHandlers>();
        builder.Services.AddScoped<OutageHandlers>();
        builder.Services.AddScoped<CustomerTargeting>();
        builder.Services.AddScoped<CampaignMessages>();
        builder.Services.AddScoped<CampaignEngine>();
        builder.Services.AddScoped<CampaignCallResults>();
        builder.Services.AddScoped<CampaignHandlers>();
        builder.Services.AddScoped<DeliveryResultHandlers>();
        builder.Services.AddSingleton<ConnectorEventMapper>();
        builder.Services.AddScoped<ConnectorEventHandlers>();
        builder.Services.AddVoiceDialog();
        builder.Services.AddTransient<OperationTickets>();

        builder
            .Handle<EquipmentDefectReported, WorkOrderHandlers>()
            .Handle<RepairRequestReceived, WorkOrderHandlers>()
            .Handle<WorkOrderStatusReported, WorkOrderHandlers>()
            .Handle<WorkOrderEscalationDue, WorkOrderHandlers>()
            .Handle<OutagePlanPublished, OutageHandlers>()
            .Handle<OutagePlanCancelled, OutageHandlers>()
            .Handle<CampaignRequested, CampaignHandlers>()
            .Handle<CampaignCancelled, CampaignHandlers>()
            .Handle<CampaignCallBatchDue, CampaignHandlers>()
            .Handle<CampaignFinalizeDue, CampaignHandlers>()
            .Handle<VoiceCallResultReceived, CampaignHandlers>()
            .Handle<DeliverySucceeded, DeliveryResultHandlers>()
            .Handle<DeliveryFailed, DeliveryResultHandlers>()
            .Handle<ConnectorCallbackReceived, ConnectorEventHandlers>()
            .Handle<InterfaceRowChanged, ConnectorEventHandlers>()
            .Handle<ApprovalDecisionReceived, TicketApprovalHandler>();

        builder.DefineRole("dispatcher", PowerScopes.Read, PowerScopes.Tickets);
        builder.DefineRole("voice-platform", PowerScopes.VoiceTurn, PowerScopes.VoiceRead);
        VoiceTurnEndpoint.Map(builder);
        OperationTicketEndpoint.Map(builder);
        BayStateEndpoints.Map(builder);
        WorkOrderPages.Register(builder);
        CampaignPages.Register(builder);
        builder.MapEndpoint(Get<WorkOrder>("/api/power/work-orders/{id}", WorkOrderHandlers.Orders, PowerScopes.Read));
        builder.MapEndpoint(Get<OutagePlan>("/api/power/outage-plans/{id}", OutageHandlers.Plans, PowerScopes.Read));
        CampaignEndpoints.Map(builder);
        builder.MapEndpoint(Get<OperationTicket>("/api/power/operation-tickets/{id}", OperationTickets.Tickets, PowerScopes.Read));
        builder.MapEndpoint(Get<VoiceCallState>("/api/voicebot/calls/{id}", VoiceDialog.Calls, PowerScopes.VoiceRead));
        OperatorQueries.Map(builder);
    }

    private static PluginEndpoint Get<T>(string route, string collection, string scope) where T : class =>
        new("GET", route, null, async (request, ct) =>
        {
            var found = await request.Services.GetRequiredService<IPluginStore>().GetAsync<T>(collection, request.RouteValues["id"], ct);
            return found is null ? EndpointResponse.NotFound($"no such {collection} entry") : EndpointResponse.Ok(found.Value);
        }, Scope: scope);
}
