using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Operator;

/// <summary>
/// The operators' list-and-search endpoints (for the console, scripts and <c>hub list</c>): work orders, campaigns (their
/// summaries, filtered by <c>kind</c> too), voice calls with their dialog turns, the do-not-call list, operation tickets
/// and outage plans. Each takes <c>state</c>, <c>from</c>/<c>to</c>, <c>q</c> (text anywhere in the document),
/// <c>offset</c> and <c>limit</c>, and needs the same scope as reading one entry.
/// </summary>
public static class OperatorQueries
{
    public static readonly QueryableCollection WorkOrders = new(WorkOrderHandlers.Orders, "status", "createdAt");
    public static readonly QueryableCollection Calls = new(VoiceDialog.Calls, "outcome", "startedAt", MissingState: "in-progress");
    public static readonly QueryableCollection DoNotCall = new(DoNotCallList.Collection, "script", "optedOutAt");
    public static readonly QueryableCollection Tickets = new(OperationTickets.Tickets, "status", "draftedAt");
    public static readonly QueryableCollection Plans = new(OutageHandlers.Plans, "state", "startsAt");
    public static readonly QueryableCollection Campaigns = new(CampaignEngine.Campaigns, "state", "createdAt", KindField: "kind", Summary: CampaignSummary.Project);

    public static void Map(IPluginBuilder builder)
    {
        builder.MapEndpoint(List("/api/power/work-orders", WorkOrders, PowerScopes.Read,
            "Work orders with their state history, newest first; state = status, dates = creation time."));
        builder.MapEndpoint(List("/api/voicebot/calls", Calls, PowerScopes.VoiceRead,
            "Voice-bot calls with their dialog turns, newest first; state = outcome (or in-progress), dates = call start."));
        builder.MapEndpoint(List("/api/voicebot/do-not-call", DoNotCall, PowerScopes.VoiceRead,
            "Numbers that asked not to be called again, newest first; state = the script of the call, dates = when they asked."));
        builder.MapEndpoint(List("/api/power/operation-tickets", Tickets, PowerScopes.Read,
            "Operation tickets, newest first; state = status, dates = drafting time."));
        builder.MapEndpoint(List("/api/power/outage-plans", Plans, PowerScopes.Read,
            "Outage plans, newest first; state = notifying/completed/cancelled, dates = outage start."));
        builder.MapEndpoint(List("/api/power/campaigns", Campaigns, PowerScopes.Read,
            "Campaigns as summaries (counts, outcomes by intent, retries), newest first; state = calling/completed/cancelled/failed, kind, dates = creation time."));
    }

    /// <summary>The one query over a collection for an endpoint or a console page.</summary>
    public static DocumentQuery QueryFor(IServiceProvider services) =>
        new(services.GetRequiredService<IPluginStore>(), services.GetRequiredService<PowerWorkOrdersOptions>().Operator.MaxScan);

    private static PluginEndpoint List(string route, QueryableCollection collection, string scope, string summary) =>
        new("GET", route, null, async (request, ct) =>
        {
            var (filter, error) = DocumentFilter.Parse(request.Query);
            if (filter is null)
            {
                return EndpointResponse.BadRequest(error!);
            }

            try
            {
                return EndpointResponse.Ok(await QueryFor(request.Services).RunAsync(collection, filter, ct));
            }
            catch (ArgumentException e)
            {
                return EndpointResponse.BadRequest(e.Message);
            }
        }, summary + $" Filters: state,{(collection.KindField is null ? "" : " kind,")} from, to, q; paging: offset, limit.", scope);
}

/// <summary>The operator queries' settings (<c>Plugins:PowerWorkOrders:Operator</c>).</summary>
public sealed class OperatorOptions
{
    /// <summary>At most this many documents are read to answer one list request (the page says <c>truncated</c> when it stopped there).</summary>
    public int MaxScan { get; set; } = 5000;
}
