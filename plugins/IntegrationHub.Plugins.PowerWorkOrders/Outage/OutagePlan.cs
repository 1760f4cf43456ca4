namespace IntegrationHub.Plugins.PowerWorkOrders.Outage;

public static class PlanStates
{
    public const string Notifying = "notifying";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}

public static class CallResults
{
    public const string Pending = "pending";
    public const string Reached = "reached";
    public const string NotReached = "not-reached";
    public const string Objection = "objection";
    public const string Cancelled = "cancelled";
}

/// <summary>An outage plan's notices (collection <c>outage-plans</c>, key = plan id).</summary>
public sealed class OutagePlan
{
    public string PlanId { get; set; } = "";

    public string Feeder { get; set; } = "";

    public string? Area { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public string Reason { get; set; } = "";

    public string State { get; set; } = PlanStates.Notifying;

    public List<CallBatch> Batches { get; set; } = [];

    /// <summary>By customer id.</summary>
    public Dictionary<string, CustomerNotice> Customers { get; set; } = [];

    public bool SummaryPublished { get; set; }
}

/// <param name="State"><c>scheduled</c>, <c>sent</c>, <c>cancelled</c>.</param>
public sealed class CallBatch
{
    public int Index { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string State { get; set; } = "scheduled";

    public string TaskId { get; set; } = "";

    public List<string> CustomerIds { get; set; } = [];
}

public sealed class CustomerNotice
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public int Batch { get; set; }

    public string Result { get; set; } = CallResults.Pending;

    public string? Intent { get; set; }

    public bool FallbackSent { get; set; }
}

/// <summary>Call task id → plan (collection <c>call-tasks</c>), so a result callback finds its plan.</summary>
public sealed record CallTaskIndex(string PlanId, int Batch);
