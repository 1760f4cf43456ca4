namespace IntegrationHub.Host.Outbox;

/// <summary>How the outbox ports' dispatchers work their tables; bound from <c>Hub:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Hub:Outbox";

    /// <summary>How often each dispatcher looks for due entries when no commit woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entries one dispatcher claims at a time.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before an entry fails for good (error store; for deliveries also a <c>DeliveryFailed</c> event).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt; it doubles with each further attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed entry is reserved for the instance that claimed it. The dispatcher renews it every third of
    /// this while it works on the entry, so it can be short: a dead instance's claims are taken over after it.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <c>POST /api/events</c> waits for the store to take an event before answering 503.</summary>
    public TimeSpan IngestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connector deliveries (and bus publishes) sent at once.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>The delay after the given number of failed attempts: doubling from <see cref="FirstRetryDelay"/>, capped.</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
