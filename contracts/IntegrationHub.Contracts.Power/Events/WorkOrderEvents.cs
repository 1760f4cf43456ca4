using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>The work-order statuses the hub tracks (targets' own codes are mapped to these by connector configuration).</summary>
public static class WorkOrderStatuses
{
    public const string Created = "created";
    public const string Dispatched = "dispatched";
    public const string Accepted = "accepted";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A 95598 customer repair request (报修工单) from the customer-service system. <see cref="RequestId"/> is the
/// 95598 ticket number and the idempotency key.
/// </summary>
/// <param name="Urgency"><c>urgent</c> or <c>normal</c>.</param>
[MessageContract("power.repair-request-received")]
public sealed record RepairRequestReceived(
    string RequestId,
    string Category,
    string Description,
    string Urgency,
    DateTimeOffset ReceivedAt,
    string? CustomerId = null,
    string? CustomerName = null,
    string? Phone = null,
    string? Address = null,
    string? EquipmentId = null,
    string? Region = null) : IHasBusinessKey
{
    public string BusinessKey => RequestId;
}

/// <summary>
/// A work order's status as the asset system (EAM/CMMS/ERP) reports it, by webhook or by polling its interface
/// table. <see cref="Status"/> is one of <see cref="WorkOrderStatuses"/> after the connector's status map;
/// <see cref="RawStatus"/> is the target's own code.
/// </summary>
/// <param name="OrderId">The hub's order id when the target echoes it back (the reference sent at creation).</param>
/// <param name="ExternalId">The target's work-order number.</param>
/// <param name="Source">For example <c>eam-webhook</c> or <c>erp-poll</c>.</param>
/// <param name="EventId">The target's id for this change, when it has one (dedupes webhook retries).</param>
[MessageContract("power.work-order-status-reported")]
public sealed record WorkOrderStatusReported(
    string? OrderId,
    string? ExternalId,
    string Status,
    string? RawStatus,
    string Source,
    DateTimeOffset ReportedAt,
    string? Note = null,
    string? EventId = null) : IHasBusinessKey
{
    public string BusinessKey => $"wo-status:{OrderId ?? ExternalId}:{Status}:{EventId}";
}

/// <summary>A work order moved from one status to another (published by the PowerWorkOrders plugin for every stored transition).</summary>
/// <param name="Source">What caused it: <c>defect</c>, <c>eam-delivery</c>, <c>eam-webhook</c>, <c>escalation</c>…</param>
[MessageContract("power.work-order-status-changed")]
public sealed record WorkOrderStatusChanged(
    string OrderId,
    string? ExternalId,
    string From,
    string To,
    string Source,
    DateTimeOffset ChangedAt) : IHasBusinessKey
{
    public string BusinessKey => $"wo-changed:{OrderId}:{From}:{To}";
}

/// <summary>A work order was escalated (an urgent order not accepted in time, or an order past its deadline).</summary>
/// <param name="Reason"><c>not-accepted</c> or <c>deadline-missed</c>.</param>
/// <param name="NotifiedUser">Who was told through the OA connector.</param>
[MessageContract("power.work-order-escalated")]
public sealed record WorkOrderEscalated(
    string OrderId,
    string Reason,
    int Level,
    string? NotifiedUser,
    DateTimeOffset EscalatedAt) : IHasBusinessKey
{
    public string BusinessKey => $"wo-escalated:{OrderId}:{Reason}:{Level}";
}
