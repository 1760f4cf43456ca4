namespace IntegrationHub.Host.Api.Ingest;

/// <summary>Bound from <c>Hub:Ingest</c>: what <c>POST /api/events/{type}</c> accepts.</summary>
public sealed class IngestOptions
{
    public const string Section = "Hub:Ingest";

    /// <summary>Largest event body in bytes (default 256 KB); larger payloads go by reference (a URL or id in the event), a bigger body gets 413.</summary>
    public int MaxEventBytes { get; set; } = 256 * 1024;

    /// <summary>Per contract name, a limit other than <see cref="MaxEventBytes"/> (<c>Hub:Ingest:MaxEventBytesByType:power.outage-plan-published=1048576</c>).</summary>
    public Dictionary<string, int> MaxEventBytesByType { get; set; } = [];

    /// <summary>
    /// How long an <c>Idempotency-Key</c> of <c>POST /api/events</c> is remembered (default 24 h): a repeat within it
    /// gets the first answer and stores nothing; after it the key is forgotten and may be used again.
    /// </summary>
    public TimeSpan IdempotencyKeyWindow { get; set; } = TimeSpan.FromHours(24);

    public int LimitFor(string contract) =>
        MaxEventBytesByType.FirstOrDefault(p => p.Key.Equals(contract, StringComparison.OrdinalIgnoreCase)) is { Key: not null } limit ? limit.Value : MaxEventBytes;
}
