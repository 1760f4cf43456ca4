using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>Campaign requests (a segment or a list), withdrawals, the campaigns' timers and every call result (outage notices included).</summary>
public sealed class CampaignHandlers(CampaignEngine engine, CampaignCallResults results, CustomerTargeting targeting) :
    IHandle<CampaignRequested>,
    IHandle<CampaignCancelled>,
    IHandle<CampaignCallBatchDue>,
    IHandle<CampaignFinalizeDue>,
    IHandle<VoiceCallResultReceived>
{
    public async Task HandleAsync(CampaignRequested message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<Campaign>(CampaignEngine.Campaigns, message.CampaignId, cancellationToken) is not null)
        {
            return; // already handled, or cancelled before it arrived
        }

        var variables = message.Variables ?? new Dictionary<string, string>();
        var start = new CampaignStart(message.CampaignId, message.Kind, message.RequestedAt, Describe(message), variables, RequestedBy: message.RequestedBy);
        try
        {
            engine.SettingsFor(message.Kind);
            var hasSegment = !string.IsNullOrWhiteSpace(message.Segment);
            var hasList = message.CustomerIds is { Count: > 0 };
            if (hasSegment == hasList)
            {
                throw new TargetException("A campaign names either a segment or a list of customers (one of them).");
            }

            var customers = hasSegment
                ? await targeting.SegmentAsync(message.Segment!, variables, cancellationToken)
                : await targeting.ResolveAsync(new GridTarget(CustomerIds: message.CustomerIds), cancellationToken);
            await engine.StartAsync(start, customers, context, cancellationToken);
        }
        catch (Exception e) when (e is TargetException or KeyNotFoundException)
        {
            await engine.FailAsync(start, e.Message, context, cancellationToken);
        }
    }

    public Task HandleAsync(CampaignCancelled message, MessageContext context, CancellationToken cancellationToken) =>
        engine.CancelAsync(message.CampaignId, "", message.Reason, message.CancelledAt, null, context, cancellationToken);

    public Task HandleAsync(CampaignCallBatchDue message, MessageContext context, CancellationToken cancellationToken) =>
        engine.BatchDueAsync(message.CampaignId, message.Batch, context, cancellationToken);

    public Task HandleAsync(CampaignFinalizeDue message, MessageContext context, CancellationToken cancellationToken) =>
        engine.FinalizeAsync(message.CampaignId, message.DueAt, context, cancellationToken);

    public Task HandleAsync(VoiceCallResultReceived message, MessageContext context, CancellationToken cancellationToken) =>
        results.HandleAsync(message, context, cancellationToken);

    private static string Describe(CampaignRequested message) =>
        !string.IsNullOrWhiteSpace(message.Segment) ? $"segment {message.Segment}" : $"{message.CustomerIds?.Count ?? 0} listed customers";
}
