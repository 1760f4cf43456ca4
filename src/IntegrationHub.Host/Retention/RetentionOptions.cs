namespace IntegrationHub.Host.Retention;

/// <summary>How long the hub keeps the records that only guard against repeats; bound from <c>Hub:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Hub:Retention";

    /// <summary>
    /// How long a handled message's inbox record is kept. A redelivery of it after this is handled again, so it must
    /// outlast the longest redelivery delay and any broker outage by far.
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long delivered outbox entries (deliveries, publishes, timer changes) are kept; failed ones stay until replayed or removed.</summary>
    public TimeSpan DeliveredOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the purge runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows one statement deletes, so a purge never holds a table (or SQLite's one writer) for long.</summary>
    public int BatchSize { get; set; } = 5_000;
}
