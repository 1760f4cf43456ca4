using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>
/// A planned outage (计划停电) published by the dispatch/outage-management system. Affected customers are looked up
/// by <see cref="Feeder"/> and <see cref="Area"/>; <see cref="PlanId"/> is the idempotency key.
/// </summary>
/// <param name="Area">Region/district (the demo data's <c>region.district</c>), or null for the whole feeder.</param>
[MessageContract("power.outage-plan-published")]
public sealed record OutagePlanPublished(
    string PlanId,
    string Feeder,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Reason,
    DateTimeOffset PublishedAt,
    string? Area = null,
    IReadOnlyList<int>? RegionIds = null) : IHasBusinessKey
{
    public string BusinessKey => PlanId;
}

/// <summary>The outage plan was withdrawn: pending notice calls are cancelled.</summary>
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
