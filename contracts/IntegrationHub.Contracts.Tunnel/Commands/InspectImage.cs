using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Tunnel.Commands;

/// <summary>
/// One photograph of an inspection run to inspect (perception, measurement, grading, defect records). Idempotent by
/// run and image id, so a run survives a restart part-way and a re-sent image is inspected once.
/// </summary>
/// <param name="ImagePath">The stored image, relative to the TunnelInspection plugin's data folder.</param>
/// <param name="ChainageM">Chainage in metres (<c>K12+345.6</c> is 12345.6).</param>
/// <param name="Position"><c>vault</c>, <c>left-wall</c>, <c>right-wall</c> or <c>invert</c>.</param>
/// <param name="MmPerPixel">The image's scale on the lining surface.</param>
[MessageContract("tunnel.inspect-image")]
public sealed record InspectImage(
    string RunId,
    string ImageId,
    string TunnelId,
    string ImagePath,
    double ChainageM,
    int Ring,
    string Position,
    double MmPerPixel,
    DateTimeOffset InspectedAt) : IHasBusinessKey
{
    public string BusinessKey => $"inspect-image:{RunId}:{ImageId}";
}

/// <summary>Timer/job: build the periodic report of one tunnel (or of every tunnel when <see cref="TunnelId"/> is null).</summary>
[MessageContract("tunnel.report-due")]
public sealed record TunnelReportDue(DateTimeOffset DueAt, string? TunnelId = null);
