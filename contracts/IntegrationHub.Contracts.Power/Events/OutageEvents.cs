using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>
/// A planned outage (计划停电) published by the dispatch/outage-management system. Affected customers are looked up
/// by <see cref="Feeder"/> and <see cref="Area"/>; <see cref="PlanId"/> is the idempotency key.
/// </summary>
/// <param name="Feeder">The feeder taken out; its customers are affected (empty when the plan names other grid elements).</param>
/// <param name="Area">Region/district (the demo data's <c>region.district</c>): the target only when no feeder, transformer area, region id or customer is named.</param>
/// <param name="RegionIds">Regions (<c>region.region_id</c>) whose customers are all affected.</param>
/// <param name="TransformerAreas">Transformer areas (台区) taken out, for a partial feeder outage.</param>
/// <param name="CustomerIds">An explicit list of affected customers.</param>
[MessageContract("power.outage-plan-published")]
public sealed record OutagePlanPublished(
    string PlanId,
    string Feeder,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Reason,
    DateTimeOffset PublishedAt,
    string? Area = null,
    IReadOnlyList<int>? RegionIds = null,
    IReadOnlyList<string>? TransformerAreas = null,
    IReadOnlyList<string>? CustomerIds = null) : IHasBusinessKey
{
    public string BusinessKey => PlanId;
}

/// <summary>The outage plan was withdrawn: pending notice calls are cancelled and customers already told get a cancellation notice.</summary>
[MessageContract("power.outage-plan-cancelled")]
public sealed record OutagePlanCancelled(string PlanId, string Reason, DateTimeOffset CancelledAt) : IHasBusinessKey
{
    public string BusinessKey => $"cancel:{PlanId}";
}

/// <summary>The outcome of an outage plan's customer notices.</summary>
/// <param name="Objections">Customers reached who objected (complaints, hardship) and need a human follow-up.</param>
/// <param name="FallbackSent">Customers not reached by phone who were sent the fallback notice.</param>
[MessageContract("power.outage-notice-summary")]
public sealed record OutageNoticeSummary(
    string PlanId,
    int Customers,
    int Reached,
    int NotReached,
    int Objections,
    int FallbackSent,
    int CancelledCalls,
    bool PlanCancelled,
    DateTimeOffset CompletedAt,
    IReadOnlyList<string>? ObjectionCustomerIds = null) : IHasBusinessKey
{
    public string BusinessKey => $"outage-summary:{PlanId}";
}

/// <summary>An outage plan could not be notified (for example its grid target matched no customer); nobody was called.</summary>
[MessageContract("power.outage-plan-failed")]
public sealed record OutagePlanFailed(string PlanId, string Reason, DateTimeOffset FailedAt) : IHasBusinessKey
{
    public string BusinessKey => $"outage-failed:{PlanId}";
}
