using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>An OA approval (started through the <c>oa</c> connector's <c>approval.start</c>) was decided; arrives by callback.</summary>
/// <param name="InstanceId">The OA system's approval instance id.</param>
/// <param name="ReferenceId">The hub's id of what was submitted (for example an operation-ticket id).</param>
/// <param name="Decision"><c>approved</c> or <c>rejected</c>.</param>
[MessageContract("power.approval-decision-received")]
public sealed record ApprovalDecisionReceived(
    string InstanceId,
    string ReferenceId,
    string Decision,
    DateTimeOffset DecidedAt,
    string? Approver = null,
    string? Comment = null) : IHasBusinessKey
{
    public string BusinessKey => $"approval:{InstanceId}:{Decision}";
}

/// <summary>An operation-ticket draft was validated: sent to approval when valid, never sent when not.</summary>
[MessageContract("power.operation-ticket-validated")]
public sealed record OperationTicketValidated(
    string TicketId,
    bool Valid,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Problems,
    DateTimeOffset ValidatedAt) : IHasBusinessKey
{
    public string BusinessKey => $"ticket-validated:{TicketId}";
}
