using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Inbound;

/// <summary>
/// Receives the connectors' generic events and hands the power events they mean to this plugin's handlers, in the same
/// unit of work (a plugin handles each message type once, so one class routes them, like <see cref="DeliveryResultHandlers"/>).
/// A repeated callback is one message to the inbox; the handlers ignore a status or result already applied.
/// </summary>
public sealed class ConnectorEventHandlers(
    ConnectorEventMapper mapper,
    WorkOrderHandlers workOrders,
    CampaignCallResults callResults,
    TicketApprovalHandler tickets,
    ILogger<ConnectorEventHandlers> logger) :
    IHandle<ConnectorCallbackReceived>,
    IHandle<InterfaceRowChanged>
{
    public Task HandleAsync(ConnectorCallbackReceived message, MessageContext context, CancellationToken cancellationToken) =>
        RouteAsync(mapper.Map(message), message.Connector, message.Operation, context, cancellationToken);

    public Task HandleAsync(InterfaceRowChanged message, MessageContext context, CancellationToken cancellationToken) =>
        RouteAsync(mapper.Map(message), message.Connector, message.Table, context, cancellationToken);

    private Task RouteAsync(object? mapped, string connector, string what, MessageContext context, CancellationToken cancellationToken)
    {
        switch (mapped)
        {
            case WorkOrderStatusReported status:
                return workOrders.HandleAsync(status, context, cancellationToken);
            case ApprovalDecisionReceived decision:
                return tickets.HandleAsync(decision, context, cancellationToken);
            case VoiceCallResultReceived result:
                return callResults.HandleAsync(result, context, cancellationToken);
            default:
                logger.LogDebug("{What} of connector {Connector} is not the power plugin's; ignored", what, connector);
                return Task.CompletedTask;
        }
    }
}
