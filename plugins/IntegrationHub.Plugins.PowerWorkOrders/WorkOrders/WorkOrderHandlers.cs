using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;

/// <summary>
/// Work orders from defects and 95598 requests: dedupe into the open order, store, post to the EAM through the outbox,
/// arm the escalation timers; then follow the EAM's status reports and fire escalations.
/// </summary>
public sealed class WorkOrderHandlers(PowerWorkOrdersOptions options, IPluginScheduler scheduler, ILogger<WorkOrderHandlers> logger) :
    IHandle<EquipmentDefectReported>,
    IHandle<RepairRequestReceived>,
    IHandle<WorkOrderStatusReported>,
    IHandle<WorkOrderEscalationDue>
{
    public const string Orders = "work-orders";
    public const string OpenOrders = "open-orders";
    public const string EamIndex = "eam-index";
    public const string CreateOperation = "work-order.create";

    private WorkOrderOptions Settings => options.WorkOrders;

    public async Task HandleAsync(EquipmentDefectReported message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var store = context.Store;
            var openKey = WorkOrderLookup.OpenKey(message.EquipmentId, message.DefectType);
            var open = await store.GetAsync<OpenOrderIndex>(OpenOrders, openKey, cancellationToken);
            if (open is not null && await store.GetAsync<WorkOrder>(Orders, open.Value.OrderId, cancellationToken) is { } existing
                && existing.Value.IsOpen && message.ReportedAt - existing.Value.CreatedAt <= Settings.DedupeWindow)
            {
                await JoinAsync(existing, message, store, cancellationToken);
                return;
            }

            var id = $"WO-{message.DefectId}";
            if (await store.GetAsync<WorkOrder>(Orders, id, cancellationToken) is not null)
            {
                return;
            }

            var urgent = IsUrgent(message.Severity);
            var created = new WorkOrder
            {
                Id = id,
                Kind = "defect",
                Title = $"{message.EquipmentName ?? message.EquipmentId} {message.DefectType}",
                Description = message.Description,
                EquipmentId = message.EquipmentId,
                EquipmentName = message.EquipmentName,
                Substation = message.Substation,
                DefectType = message.DefectType,
                Severity = message.Severity,
                Urgent = urgent,
                CreatedAt = message.ReportedAt,
                Deadline = message.ReportedAt + (urgent ? Settings.UrgentDeadline : Settings.NormalDeadline),
                Reports = [message.DefectId],
                History = [new WorkOrderTransition("", WorkOrderStatuses.Created, $"defect:{message.Source}", message.ReportedAt)],
            };
            // Claim the equipment's open slot first: a concurrent report of the same defect conflicts here and joins on retry.
            await store.PutAsync(OpenOrders, openKey, new OpenOrderIndex(id, message.ReportedAt), open?.Version ?? 0, cancellationToken);
            await CreateAsync(created, context, photo: message.PhotoReference, cancellationToken);
        }, cancellationToken);
    }

    public async Task HandleAsync(RepairRequestReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        var id = $"WO-95598-{message.RequestId}";
        if (await context.Store.GetAsync<WorkOrder>(Orders, id, cancellationToken) is not null)
        {
            return;
        }

        var urgent = IsUrgent(message.Urgency);
        await CreateAsync(new WorkOrder
        {
            Id = id,
            Kind = "repair-request",
            Title = $"95598 报修：{message.Category}",
            Description = string.Join("；", new[] { message.Description, message.Address, message.CustomerName is null ? null : $"联系人 {message.CustomerName} {message.Phone}" }.Where(x => !string.IsNullOrEmpty(x))),
            EquipmentId = message.EquipmentId,
            Substation = message.Region,
            DefectType = message.Category,
            Severity = message.Urgency,
            Urgent = urgent,
            CreatedAt = message.ReceivedAt,
            Deadline = message.ReceivedAt + (urgent ? Settings.UrgentDeadline : Settings.NormalDeadline),
            Reports = [message.RequestId],
            History = [new WorkOrderTransition("", WorkOrderStatuses.Created, "95598", message.ReceivedAt)],
        }, context, photo: null, cancellationToken);
    }

    public async Task HandleAsync(WorkOrderStatusReported message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await WorkOrderLookup.FindAsync(context.Store, message.OrderId, message.ExternalId, cancellationToken);
            if (found is null)
            {
                logger.LogWarning("Status {Status} reported for unknown work order {OrderId}/{ExternalId}; ignored", message.Status, message.OrderId, message.ExternalId);
                return;
            }

            var order = found.Value;
            if (!await WorkOrderLookup.IsOwnStatusAsync(context.Store, order, message.ExternalId, cancellationToken))
            {
                // A status may only change the order the asset system created it for: its own number must match.
                logger.LogWarning("Status {Status} from {Source} names work order {OrderId} with external id {ExternalId}, which the asset system created for another order ({OrderExternalId} is this one's); refused",
                    message.Status, message.Source, order.Id, message.ExternalId, order.ExternalId ?? "none yet");
                return;
            }

            if (order.ExternalId is null && message.ExternalId is not null)
            {
                order.ExternalId = message.ExternalId;
                await context.Store.PutAsync(EamIndex, message.ExternalId, new ExternalIdIndex(order.Id), cancellationToken: cancellationToken);
            }

            var from = order.Status;
            var refused = WorkOrderStateMachine.TryMove(order, message.Status, message.Source, message.ReportedAt, message.Note ?? message.RawStatus);
            if (refused is not null)
            {
                logger.LogInformation("Work order {OrderId}: status {Status} from {Source} not applied ({Reason})", order.Id, message.Status, message.Source, refused);
                return;
            }

            await context.Store.PutAsync(Orders, order.Id, order, found.Version, cancellationToken);
            await context.Publisher.PublishAsync(new WorkOrderStatusChanged(order.Id, order.ExternalId, from, order.Status, message.Source, message.ReportedAt), cancellationToken);
            if (order.Status != WorkOrderStatuses.Dispatched)
            {
                await scheduler.CancelAsync(AcceptTimer(order.Id), cancellationToken);
            }

            if (!order.IsOpen)
            {
                await scheduler.CancelAsync(DeadlineTimer(order.Id), cancellationToken);
                await WorkOrderLookup.ReleaseOpenIndexAsync(context.Store, order, cancellationToken);
            }
        }, cancellationToken);
    }

    public async Task HandleAsync(WorkOrderEscalationDue message, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<WorkOrder>(Orders, message.OrderId, cancellationToken) is not { } found)
            {
                return;
            }

            var order = found.Value;
            var due = message.Reason == "not-accepted"
                ? order.Status is WorkOrderStatuses.Created or WorkOrderStatuses.Dispatched
                : order.IsOpen;
            if (!due)
            {
                return;
            }

            var user = message.Reason == "not-accepted" ? Settings.Supervisor : Settings.Manager;
            var text = message.Reason == "not-accepted"
                ? $"紧急工单 {order.Id}（{order.Title}）派发后 {DurationText.Chinese(Settings.AcceptWithin)}未接单，请督办。EAM 单号：{order.ExternalId ?? "未回传"}"
                : $"工单 {order.Id}（{order.Title}）已超过完成期限 {order.Deadline.ToOffset(options.Outage.UtcOffset):yyyy-MM-dd HH:mm}，当前状态：{order.Status}，请督办。";
            await context.Outbox.EnqueueAsync(new OutboxDelivery(
                options.OaConnector,
                "message.send",
                new JsonObject { ["title"] = "工单督办", ["text"] = text, ["mentions"] = new JsonArray(user), ["orderId"] = order.Id },
                $"wo-escalation:{order.Id}:{message.Reason}:{message.Level}",
                order.Id), cancellationToken);
            order.Escalations++;
            order.History.Add(new WorkOrderTransition(order.Status, order.Status, "escalation", message.DueAt, $"{message.Reason}: level {message.Level} → {user}"));
            await context.Store.PutAsync(Orders, order.Id, order, found.Version, cancellationToken);
            await context.Publisher.PublishAsync(new WorkOrderEscalated(order.Id, message.Reason, message.Level, user, message.DueAt), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The EAM accepted the create: the order is dispatched and carries the EAM's number.</summary>
    internal async Task DispatchedAsync(string orderId, string? externalId, DateTimeOffset at, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<WorkOrder>(Orders, orderId, cancellationToken) is not { } found)
            {
                return;
            }

            var order = found.Value;
            if (externalId is not null && order.ExternalId is null)
            {
                order.ExternalId = externalId;
                await context.Store.PutAsync(EamIndex, externalId, new ExternalIdIndex(order.Id), cancellationToken: cancellationToken);
            }

            var refused = WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Dispatched, "eam-delivery", at, externalId is null ? null : $"EAM {externalId}");
            await context.Store.PutAsync(Orders, order.Id, order, found.Version, cancellationToken);
            if (refused is null)
            {
                await context.Publisher.PublishAsync(new WorkOrderStatusChanged(order.Id, order.ExternalId, WorkOrderStatuses.Created, WorkOrderStatuses.Dispatched, "eam-delivery", at), cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>The EAM refused the order for good (it is in the hub's error store, replayable); the order records why.</summary>
    internal async Task DispatchFailedAsync(string orderId, string error, DateTimeOffset at, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            if (await context.Store.GetAsync<WorkOrder>(Orders, orderId, cancellationToken) is not { } found)
            {
                return;
            }

            found.Value.History.Add(new WorkOrderTransition(found.Value.Status, found.Value.Status, "eam-delivery", at, $"dispatch failed: {error}"));
            await context.Store.PutAsync(Orders, orderId, found.Value, found.Version, cancellationToken);
        }, cancellationToken);
    }

    public static string AcceptTimer(string orderId) => $"wo:{orderId}:accept";

    public static string DeadlineTimer(string orderId) => $"wo:{orderId}:deadline";

    private async Task CreateAsync(WorkOrder order, MessageContext context, string? photo, CancellationToken cancellationToken)
    {
        await context.Store.PutAsync(Orders, order.Id, order, 0, cancellationToken);
        await context.Outbox.EnqueueAsync(new OutboxDelivery(options.EamConnector, CreateOperation, order.ToEamRequest(photo), $"wo-create:{order.Id}", order.Id), cancellationToken);
        await context.Publisher.PublishAsync(new WorkOrderStatusChanged(order.Id, null, "", WorkOrderStatuses.Created, order.History[0].Source, order.CreatedAt), cancellationToken);
        if (order.Urgent)
        {
            await ArmAcceptTimerAsync(order, order.CreatedAt, cancellationToken);
        }

        await scheduler.ScheduleAsync(DeadlineTimer(order.Id), order.Deadline, new WorkOrderEscalationDue(order.Id, "deadline-missed", 2, order.Deadline), cancellationToken);
    }

    /// <summary>A further report of the defect an open order is for: the order records it, and turns urgent if the report is.</summary>
    private async Task JoinAsync(StoredDocument<WorkOrder> existing, EquipmentDefectReported message, IPluginStore store, CancellationToken cancellationToken)
    {
        var order = existing.Value;
        if (order.Reports.Contains(message.DefectId))
        {
            return;
        }

        order.Reports.Add(message.DefectId);
        order.History.Add(new WorkOrderTransition(order.Status, order.Status, $"defect:{message.Source}", message.ReportedAt, $"duplicate defect {message.DefectId} joined the order"));
        var becameUrgent = !order.Urgent && IsUrgent(message.Severity);
        if (becameUrgent)
        {
            order.Urgent = true;
            order.Severity = message.Severity;
        }

        await store.PutAsync(Orders, order.Id, order, existing.Version, cancellationToken);
        if (becameUrgent && order.Status is WorkOrderStatuses.Created or WorkOrderStatuses.Dispatched)
        {
            await ArmAcceptTimerAsync(order, message.ReportedAt, cancellationToken);
        }
    }

    private Task ArmAcceptTimerAsync(WorkOrder order, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var at = from + Settings.AcceptWithin;
        return scheduler.ScheduleAsync(AcceptTimer(order.Id), at, new WorkOrderEscalationDue(order.Id, "not-accepted", 1, at), cancellationToken);
    }

    private bool IsUrgent(string severity) => Settings.UrgentSeveritiesOrDefault.Contains(severity, StringComparer.OrdinalIgnoreCase);
}
