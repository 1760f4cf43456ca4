using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>
/// A defect found on a piece of grid equipment: by an inspection photo (perception worker), an IoT/SCADA
/// alarm, or a person. <see cref="DefectId"/> is the source system's id and the idempotency key.
/// </summary>
/// <param name="Severity"><c>critical</c>, <c>major</c> or <c>minor</c>.</param>
/// <param name="Source"><c>inspection-photo</c>, <c>scada-alarm</c>, <c>manual</c>…</param>
[MessageContract("power.equipment-defect-reported")]
public sealed record EquipmentDefectReported(
    string DefectId,
    string EquipmentId,
    string DefectType,
    string Severity,
    string Description,
    string Source,
    DateTimeOffset ReportedAt,
    string? EquipmentName = null,
    string? Substation = null,
    string? PhotoReference = null) : IHasBusinessKey
{
    public string BusinessKey => DefectId;
}
