using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Commands;

/// <summary>Timer: check whether a work order needs escalating (scheduled by the PowerWorkOrders plugin).</summary>
/// <param name="Reason"><c>not-accepted</c> or <c>deadline-missed</c>.</param>
[MessageContract("power.work-order-escalation-due")]
public sealed record WorkOrderEscalationDue(string OrderId, string Reason, int Level, DateTimeOffset DueAt) : IHasBusinessKey
{
    public string BusinessKey => $"wo-escalation:{OrderId}:{Reason}:{Level}";
}

/// <summary>Timer: hand the next batch of an outage plan's notice calls to the voice platform (superseded by <see cref="CampaignCallBatchDue"/>; kept for timers armed before the upgrade).</summary>
[MessageContract("power.outage-call-batch-due")]
public sealed record OutageCallBatchDue(string PlanId, int Batch, DateTimeOffset DueAt) : IHasBusinessKey
{
    public string BusinessKey => $"outage-batch:{PlanId}:{Batch}";
}

/// <summary>Timer: close an outage plan's notices (customers without a final result count as not reached).</summary>
[MessageContract("power.outage-notice-finalize-due")]
public sealed record OutageNoticeFinalizeDue(string PlanId, DateTimeOffset DueAt) : IHasBusinessKey
{
    public string BusinessKey => $"outage-finalize:{PlanId}";
}

/// <summary>Timer: hand a campaign's next batch of calls (first calls or retries) to the voice platform.</summary>
[MessageContract("power.campaign-call-batch-due")]
public sealed record CampaignCallBatchDue(string CampaignId, int Batch, DateTimeOffset DueAt) : IHasBusinessKey
{
    public string BusinessKey => $"campaign-batch:{CampaignId}:{Batch}";
}

/// <summary>Timer: close a campaign (customers without a final result count as not reached).</summary>
[MessageContract("power.campaign-finalize-due")]
public sealed record CampaignFinalizeDue(string CampaignId, DateTimeOffset DueAt) : IHasBusinessKey
{
    public string BusinessKey => $"campaign-finalize:{CampaignId}";
}
