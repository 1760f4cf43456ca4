using IntegrationHub.Contracts.Tunnel.Events;
using IntegrationHub.Plugins.TunnelInspection.Imaging;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>A lining defect as the plugin keeps it across runs: where, what, how bad, its work order and its history.</summary>
public sealed record Defect
{
    public const string Collection = "defects";

    public const string Open = "open";
    public const string WorkOrderRaised = "work-order-raised";
    public const string Repaired = "repaired";

    public required string DefectId { get; init; }

    public required string TunnelId { get; init; }

    public required double ChainageM { get; init; }

    public required int Ring { get; init; }

    public required string Position { get; init; }

    /// <summary><c>crack</c>, <c>leakage</c> or <c>spalling</c>.</summary>
    public required string Type { get; init; }

    public string? Kind { get; set; }

    public int Grade { get; set; }

    public Dictionary<string, double> Measurements { get; set; } = [];

    public required ImageRef Image { get; set; }

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; set; }

    public string LastRunId { get; set; } = string.Empty;

    /// <summary><see cref="Open"/>, <see cref="WorkOrderRaised"/> or <see cref="Repaired"/>.</summary>
    public string Status { get; set; } = Open;

    /// <summary>It grew when last seen.</summary>
    public bool Grown { get; set; }

    public MaintenanceOrder? WorkOrder { get; set; }

    public List<Sighting> History { get; init; } = [];

    public DefectSnapshot Snapshot() => new(DefectId, TunnelId, ChainageM, Ring, Position, Type, Grade, Measurements, Kind);

    /// <summary>The key prefix of a tunnel's defects (keys start with the tunnel id).</summary>
    public static string TunnelPrefix(string tunnelId) => tunnelId + ":";
}

/// <summary>The photograph a defect was last seen on, its box and (cracks) skeleton points in that photo's pixels.</summary>
public sealed record ImageRef(string RunId, string ImageId, string File, PixelBox Box, IReadOnlyList<float[]>? Skeleton = null);

/// <param name="Event"><c>found</c>, <c>seen</c>, <c>grown</c>, <c>work-order</c> (with <see cref="Note"/>) or <c>repaired</c>.</param>
public sealed record Sighting(string Event, DateTimeOffset At, string? RunId, string? ImageId, int Grade, Dictionary<string, double> Measurements, string? Note = null);

/// <summary>The maintenance work order of a defect: requested through the outbox, then as the maintenance system reports it.</summary>
/// <param name="Status"><c>requested</c>, <c>raised</c>, <c>failed</c>, then the mapped statuses (<c>accepted</c>, <c>in-progress</c>, <c>completed</c>, <c>cancelled</c>).</param>
public sealed record MaintenanceOrder(string Status, DateTimeOffset RequestedAt, string? ExternalId = null, string? Error = null, DateTimeOffset? CompletedAt = null);
