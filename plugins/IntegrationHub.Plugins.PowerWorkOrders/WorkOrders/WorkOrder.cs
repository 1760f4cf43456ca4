using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;

/// <summary>A work order as stored in the plugin store (collection <c>work-orders</c>, key = order id).</summary>
public sealed class WorkOrder
{
    public string Id { get; set; } = "";

    /// <summary><c>defect</c> or <c>repair-request</c>.</summary>
    public string Kind { get; set; } = "";

    public string Status { get; set; } = WorkOrderStatuses.Created;

    public string? ExternalId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string? EquipmentId { get; set; }

    public string? EquipmentName { get; set; }

    public string? Substation { get; set; }

    public string? DefectType { get; set; }

    public string Severity { get; set; } = "";

    public bool Urgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    /// <summary>The defects / requests this order covers (more than one when duplicates joined it).</summary>
    public List<string> Reports { get; set; } = [];

    public List<WorkOrderTransition> History { get; set; } = [];

    public int Escalations { get; set; }

    public bool IsOpen => WorkOrderStateMachine.IsOpen(Status);

    /// <summary>The body of the asset system's create request (operation <c>work-order.create</c>).</summary>
    public JsonObject ToEamRequest(string? photo) => new()
    {
        ["orderId"] = Id,
        ["kind"] = Kind,
        ["title"] = Title,
        ["description"] = Description,
        ["equipmentId"] = EquipmentId,
        ["equipmentName"] = EquipmentName,
        ["substation"] = Substation,
        ["defectType"] = DefectType,
        ["severity"] = Severity,
        ["priority"] = Urgent ? 1 : 3,
        ["reportedAt"] = CreatedAt.ToString("O"),
        ["deadline"] = Deadline.ToString("O"),
        ["reports"] = new JsonArray(Reports.Select(r => (JsonNode)r).ToArray()),
        ["photo"] = photo,
    };
}

/// <param name="From">Empty for the creation.</param>
/// <param name="Source">What caused it: <c>defect:inspection-photo</c>, <c>eam-delivery</c>, <c>eam-webhook</c>, <c>escalation</c>…</param>
public sealed record WorkOrderTransition(string From, string To, string Source, DateTimeOffset At, string? Note = null);

/// <summary>The one open order per equipment and defect type (collection <c>open-orders</c>, key <c>{equipment}|{defect type}</c>).</summary>
public sealed record OpenOrderIndex(string OrderId, DateTimeOffset OpenedAt);

/// <summary>EAM work-order number → order id (collection <c>eam-index</c>), for status reports that only carry the EAM's number.</summary>
public sealed record ExternalIdIndex(string OrderId);

/// <summary>
/// The order lifecycle: created → dispatched → accepted → in progress → completed → closed, or cancelled from any open
/// status. Moves go forward only (a report may skip steps, for example accepted arriving before the dispatch result);
/// a repeated or older status is ignored, so redelivered and out-of-order reports are harmless.
/// </summary>
public static class WorkOrderStateMachine
{
    private static readonly string[] Order =
    [
        WorkOrderStatuses.Created, WorkOrderStatuses.Dispatched, WorkOrderStatuses.Accepted,
        WorkOrderStatuses.InProgress, WorkOrderStatuses.Completed, WorkOrderStatuses.Closed,
    ];

    public static bool IsOpen(string status) => status is not (WorkOrderStatuses.Closed or WorkOrderStatuses.Cancelled or WorkOrderStatuses.Completed);

    public static bool IsKnown(string status) => status == WorkOrderStatuses.Cancelled || Array.IndexOf(Order, status) >= 0;

    /// <summary>Applies the move if the lifecycle allows it; returns why not otherwise (the order is unchanged then).</summary>
    public static string? TryMove(WorkOrder order, string to, string source, DateTimeOffset at, string? note = null)
    {
        var from = order.Status;
        if (!IsKnown(to))
        {
            return $"unknown status '{to}'";
        }

        if (from == to)
        {
            return $"already {to}";
        }

        if (from is WorkOrderStatuses.Closed or WorkOrderStatuses.Cancelled)
        {
            return $"order is {from}";
        }

        if (to == WorkOrderStatuses.Cancelled)
        {
            if (from == WorkOrderStatuses.Completed)
            {
                return "a completed order cannot be cancelled";
            }
        }
        else if (Array.IndexOf(Order, to) < Array.IndexOf(Order, from))
        {
            return $"{to} is behind {from}";
        }

        order.Status = to;
        order.History.Add(new WorkOrderTransition(from, to, source, at, note));
        return null;
    }
}
