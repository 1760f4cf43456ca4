using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Tunnel.Events;

/// <summary>Every image of a run has been inspected or has failed; the run's defects are final (repairs are closed by now).</summary>
[MessageContract("tunnel.inspection-run-completed")]
public sealed record InspectionRunCompleted(string RunId, string TunnelId, int Images, int Inspected, int Failed, DateTimeOffset CompletedAt) : IHasBusinessKey
{
    public string BusinessKey => $"run-completed:{RunId}";
}

/// <summary>Where a lining defect is and what it measures.</summary>
/// <param name="Type"><c>crack</c>, <c>leakage</c> or <c>spalling</c>.</param>
/// <param name="Grade">1 (slight) to 4 (severe), by the plugin's configured rules.</param>
/// <param name="Measurements">For a crack <c>lengthMm</c>, <c>maxWidthMm</c>, <c>meanWidthMm</c>; for leakage and spalling <c>areaM2</c>.</param>
public sealed record DefectSnapshot(
    string DefectId,
    string TunnelId,
    double ChainageM,
    int Ring,
    string Position,
    string Type,
    int Grade,
    IReadOnlyDictionary<string, double> Measurements,
    string? Kind = null);

/// <summary>A defect seen for the first time.</summary>
[MessageContract("tunnel.defect-found")]
public sealed record DefectFound(DefectSnapshot Defect, string RunId, DateTimeOffset SeenAt) : IHasBusinessKey
{
    public string BusinessKey => $"defect-found:{Defect.DefectId}";
}

/// <summary>A known defect grew since it was last seen (a crack widened or lengthened, a stain or spall spread) and was re-graded.</summary>
[MessageContract("tunnel.defect-grown")]
public sealed record DefectGrown(DefectSnapshot Defect, int PreviousGrade, IReadOnlyDictionary<string, double> PreviousMeasurements, string RunId, DateTimeOffset SeenAt) : IHasBusinessKey
{
    public string BusinessKey => $"defect-grown:{Defect.DefectId}:{RunId}";
}

/// <summary>A defect whose maintenance work order was completed is no longer seen by a run that covered its place: closed.</summary>
[MessageContract("tunnel.defect-repaired")]
public sealed record DefectRepaired(DefectSnapshot Defect, string RunId, DateTimeOffset ClosedAt) : IHasBusinessKey
{
    public string BusinessKey => $"defect-repaired:{Defect.DefectId}";
}
