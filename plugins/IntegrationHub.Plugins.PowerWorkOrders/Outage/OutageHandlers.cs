using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

namespace IntegrationHub.Plugins.PowerWorkOrders.Outage;

/// <summary>
/// Outage notices: a published plan → the affected customers from the grid topology (feeder, transformer areas,
/// regions, an explicit list; the district only when nothing else is named) → an outage-notice campaign of the plan's
/// id, whose calls must start before the power goes off. A plan whose target matches nobody fails with the reason
/// (<see cref="OutagePlanFailed"/>). Withdrawing the plan cancels the calls and tells those already told.
/// </summary>
public sealed class OutageHandlers(PowerWorkOrdersOptions options, CampaignEngine campaigns, CustomerTargeting targeting) :
    IHandle<OutagePlanPublished>,
    IHandle<OutagePlanCancelled>
{
    public const string Plans = "outage-plans";

    public async Task HandleAsync(OutagePlanPublished message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken) is not null)
        {
            return; // already handled, or cancelled before it arrived
        }

        var plan = new OutagePlan
        {
            PlanId = message.PlanId, Feeder = message.Feeder, Area = message.Area, RegionIds = message.RegionIds?.ToList() ?? [],
            TransformerAreas = message.TransformerAreas?.ToList() ?? [], ListedCustomers = message.CustomerIds?.Count ?? 0,
            StartsAt = message.StartsAt, EndsAt = message.EndsAt, Reason = message.Reason,
        };
        var target = new GridTarget(
            string.IsNullOrWhiteSpace(message.Feeder) ? null : [message.Feeder], message.TransformerAreas, message.RegionIds, message.Area, message.CustomerIds);
        var start = new CampaignStart(message.PlanId, CampaignKinds.OutageNotice, message.PublishedAt, target.ToString(), Variables(message), message.StartsAt);
        IReadOnlyList<TargetCustomer> customers;
        try
        {
            customers = await targeting.ResolveAsync(target, cancellationToken);
        }
        catch (TargetException e)
        {
            plan.State = PlanStates.Failed;
            plan.FailureReason = e.Message;
            await context.Store.PutAsync(Plans, plan.PlanId, plan, 0, cancellationToken);
            await campaigns.FailAsync(start, e.Message, context, cancellationToken);
            await context.Publisher.PublishAsync(new OutagePlanFailed(plan.PlanId, e.Message, message.PublishedAt), cancellationToken);
            return;
        }

        plan.Customers = customers.Count;
        await context.Store.PutAsync(Plans, plan.PlanId, plan, 0, cancellationToken);
        await campaigns.StartAsync(start, customers, context, cancellationToken);
    }

    public async Task HandleAsync(OutagePlanCancelled message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await context.Store.GetAsync<OutagePlan>(Plans, message.PlanId, cancellationToken);
            if (found?.Value.State is PlanStates.Cancelled or PlanStates.Failed)
            {
                return;
            }

            var plan = found?.Value ?? new OutagePlan { PlanId = message.PlanId };
            plan.State = PlanStates.Cancelled;
            plan.CancellationReason = message.Reason;
            await context.Store.PutAsync(Plans, plan.PlanId, plan, found?.Version ?? 0, cancellationToken);
        }, cancellationToken);

        await campaigns.CancelAsync(message.PlanId, CampaignKinds.OutageNotice, message.Reason, message.CancelledAt, options.Outage.CancellationText, context, cancellationToken);
    }

    private string Local(DateTimeOffset at) => at.ToOffset(options.Outage.UtcOffset).ToString("yyyy-MM-dd HH:mm");

    private Dictionary<string, string> Variables(OutagePlanPublished message)
    {
        var variables = new Dictionary<string, string>
        {
            ["planId"] = message.PlanId,
            ["feeder"] = message.Feeder,
            ["reason"] = message.Reason,
            ["startsAt"] = Local(message.StartsAt),
            ["endsAt"] = Local(message.EndsAt),
        };
        if (message.Area is { Length: > 0 } area)
        {
            variables["area"] = area;
        }

        return variables;
    }
}
