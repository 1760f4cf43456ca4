namespace IntegrationHub.Plugins.PowerWorkOrders.Outage;

public static class PlanStates
{
    public const string Notifying = "notifying";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// An outage plan (collection <c>outage-plans</c>, key = plan id). Its notices are the outage-notice campaign of the
/// same id (<c>GET /api/power/campaigns/{id}</c>): batches, customers, results.
/// </summary>
public sealed class OutagePlan
{
    public string PlanId { get; set; } = "";

    public string Feeder { get; set; } = "";

    public string? Area { get; set; }

    public List<int> RegionIds { get; set; } = [];

    public List<string> TransformerAreas { get; set; } = [];

    public int ListedCustomers { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public string Reason { get; set; } = "";

    /// <summary><see cref="PlanStates"/>; how the notices went is the campaign's state.</summary>
    public string State { get; set; } = PlanStates.Notifying;

    public string? FailureReason { get; set; }

    public int Customers { get; set; }

    public string? CancellationReason { get; set; }
}
