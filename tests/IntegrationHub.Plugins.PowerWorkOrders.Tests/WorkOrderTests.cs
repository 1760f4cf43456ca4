using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

public sealed class WorkOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly PluginHarness _hub = new();
    private readonly PowerWorkOrdersOptions _options = PowerWorkOrdersOptions.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

    private WorkOrderHandlers Handlers() => new(_options, _hub.Scheduler, NullLogger<WorkOrderHandlers>.Instance);

    private DeliveryResultHandlers Deliveries() => new(_options, Handlers(), new CampaignEngine(_options, _hub.Scheduler, new CampaignMessages(_options), NullLogger<CampaignEngine>.Instance));

    private static EquipmentDefectReported Defect(string id, string severity = "critical", DateTimeOffset? at = null, string equipment = "T-1", string type = "oil-leak") =>
        new(id, equipment, type, severity, "主变本体渗油", "inspection-photo", at ?? T0, "1号主变", "西湖变", "photos/1.jpg");

    private async Task<WorkOrder> OrderAsync(string id) => (await _hub.Store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, id))!.Value;

    private async Task HandleAsync<T>(T message) where T : class
    {
        var context = _hub.Context(message);
        switch (message)
        {
            case EquipmentDefectReported m: await Handlers().HandleAsync(m, context, default); break;
            case RepairRequestReceived m: await Handlers().HandleAsync(m, context, default); break;
            case WorkOrderStatusReported m: await Handlers().HandleAsync(m, context, default); break;
            case WorkOrderEscalationDue m: await Handlers().HandleAsync(m, context, default); break;
            case DeliverySucceeded m: await Deliveries().HandleAsync(m, context, default); break;
            case DeliveryFailed m: await Deliveries().HandleAsync(m, context, default); break;
            default: throw new ArgumentException(message.GetType().Name);
        }
    }

    private static DeliverySucceeded Delivered(string orderId, string wonum) =>
        new(Guid.NewGuid(), "eam", "work-order.create", $"wo-create:{orderId}", orderId, wonum, 1, T0.AddMinutes(1));

    [Fact]
    public void State_machine_moves_forward_only_and_records_the_source()
    {
        var order = new WorkOrder { Id = "WO-1" };
        Assert.Null(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Dispatched, "eam-delivery", T0));
        Assert.Null(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.InProgress, "eam-webhook", T0)); // accepted skipped
        Assert.NotNull(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Accepted, "eam-webhook", T0)); // late report
        Assert.NotNull(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.InProgress, "eam-webhook", T0)); // repeat
        Assert.NotNull(WorkOrderStateMachine.TryMove(order, "exploded", "eam-webhook", T0));
        Assert.Null(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Completed, "eam-poll", T0));
        Assert.NotNull(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Cancelled, "eam-webhook", T0));
        Assert.Null(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Closed, "eam-webhook", T0));
        Assert.NotNull(WorkOrderStateMachine.TryMove(order, WorkOrderStatuses.Cancelled, "eam-webhook", T0));
        Assert.Equal(
            ["dispatched:eam-delivery", "in-progress:eam-webhook", "completed:eam-poll", "closed:eam-webhook"],
            order.History.Select(h => $"{h.To}:{h.Source}").ToArray());

        var other = new WorkOrder { Id = "WO-2", Status = WorkOrderStatuses.Accepted };
        Assert.Null(WorkOrderStateMachine.TryMove(other, WorkOrderStatuses.Cancelled, "eam-webhook", T0));
    }

    [Fact]
    public async Task Defect_becomes_an_order_posted_to_the_eam_with_timers_and_redelivery_changes_nothing()
    {
        await HandleAsync(Defect("D-1"));
        await HandleAsync(Defect("D-1")); // the same defect again (redelivery, or the source sending twice)

        var order = await OrderAsync("WO-D-1");
        Assert.Equal(WorkOrderStatuses.Created, order.Status);
        Assert.True(order.Urgent);
        Assert.Equal(T0.AddHours(4), order.Deadline);
        var delivery = Assert.Single(_hub.Outbox.To("eam", "work-order.create"));
        Assert.Equal("wo-create:WO-D-1", delivery.IdempotencyKey);
        Assert.Equal("WO-D-1", delivery.CorrelationKey);
        Assert.Equal("西湖变", delivery.Payload["substation"]!.GetValue<string>());
        Assert.Equal(1, delivery.Payload["priority"]!.GetValue<int>());
        Assert.Equal(T0.AddMinutes(30), _hub.Scheduler.Timers[WorkOrderHandlers.AcceptTimer("WO-D-1")].At);
        Assert.Equal(T0.AddHours(4), _hub.Scheduler.Timers[WorkOrderHandlers.DeadlineTimer("WO-D-1")].At);
        Assert.Single(_hub.Publisher.Of<WorkOrderStatusChanged>());
    }

    [Fact]
    public async Task Same_defect_on_the_same_equipment_within_the_window_joins_the_open_order()
    {
        await HandleAsync(Defect("D-1", severity: "minor"));
        await HandleAsync(Defect("D-2", severity: "critical", at: T0.AddHours(2)));   // joins, and makes the order urgent
        await HandleAsync(Defect("D-3", at: T0.AddHours(1), type: "overheating"));  // other defect type: own order
        await HandleAsync(Defect("D-4", at: T0.AddHours(1), equipment: "T-2"));     // other equipment: own order
        await HandleAsync(Defect("D-5", at: T0.AddHours(30)));                      // outside the 24 h window: new order

        var order = await OrderAsync("WO-D-1");
        Assert.Equal(["D-1", "D-2"], order.Reports);
        Assert.True(order.Urgent);
        Assert.Contains(order.History, h => h.Note?.Contains("D-2") == true);
        Assert.Equal(["WO-D-1", "WO-D-3", "WO-D-4", "WO-D-5"], _hub.Outbox.To("eam").Select(d => d.CorrelationKey!).Order().ToArray());
        Assert.True(_hub.Scheduler.Timers.ContainsKey(WorkOrderHandlers.AcceptTimer("WO-D-1")));
    }

    [Fact]
    public async Task Eam_number_status_reports_and_escalations_follow_the_order_to_its_end()
    {
        await HandleAsync(Defect("D-1"));
        await HandleAsync(Delivered("WO-D-1", "1001"));
        Assert.Equal((WorkOrderStatuses.Dispatched, "1001"), ((await OrderAsync("WO-D-1")).Status, (await OrderAsync("WO-D-1")).ExternalId));

        // 30 minutes pass without acceptance: the timer fires, the supervisor gets an OA message.
        var due = Assert.Single(_hub.Scheduler.TakeDue(T0.AddMinutes(30)));
        await HandleAsync((WorkOrderEscalationDue)due);
        var escalation = Assert.Single(_hub.Outbox.To("oa", "message.send"));
        Assert.Equal("dispatch-supervisor", escalation.Payload["mentions"]![0]!.GetValue<string>());
        Assert.Contains("1001", escalation.Payload["text"]!.GetValue<string>());
        Assert.Single(_hub.Publisher.Of<WorkOrderEscalated>());

        // The EAM reports by its own number only.
        await HandleAsync(new WorkOrderStatusReported(null, "1001", WorkOrderStatuses.Accepted, "APPR", "eam-webhook", T0.AddMinutes(40)));
        await HandleAsync(new WorkOrderStatusReported(null, "1001", WorkOrderStatuses.Accepted, "APPR", "eam-webhook", T0.AddMinutes(41))); // webhook retry
        await HandleAsync(new WorkOrderStatusReported("WO-D-1", "1001", WorkOrderStatuses.InProgress, "INPRG", "eam-poll", T0.AddMinutes(50)));

        // Past the deadline and still open: escalated again, to the manager.
        var deadline = Assert.Single(_hub.Scheduler.TakeDue(T0.AddHours(4)));
        await HandleAsync((WorkOrderEscalationDue)deadline);
        Assert.Equal(2, _hub.Outbox.To("oa").Count);
        Assert.Equal("maintenance-manager", _hub.Outbox.To("oa")[1].Payload["mentions"]![0]!.GetValue<string>());

        await HandleAsync(new WorkOrderStatusReported("WO-D-1", "1001", WorkOrderStatuses.Completed, "COMP", "eam-webhook", T0.AddHours(5)));
        var order = await OrderAsync("WO-D-1");
        Assert.Equal(WorkOrderStatuses.Completed, order.Status);
        Assert.Equal(
            ["created", "dispatched", "dispatched", "accepted", "in-progress", "in-progress", "completed"],
            order.History.Select(h => h.To).ToArray());
        Assert.Equal(["defect:inspection-photo", "eam-delivery", "escalation", "eam-webhook", "eam-poll", "escalation", "eam-webhook"], order.History.Select(h => h.Source).ToArray());
        Assert.Empty(_hub.Scheduler.Timers);
        Assert.Equal(["-created", "created-dispatched", "dispatched-accepted", "accepted-in-progress", "in-progress-completed"],
            _hub.Publisher.Of<WorkOrderStatusChanged>().Select(c => $"{c.From}-{c.To}").ToArray());

        // Completed orders are not joined: the same defect again opens a new order.
        await HandleAsync(Defect("D-9", at: T0.AddHours(6)));
        Assert.Equal(WorkOrderStatuses.Created, (await OrderAsync("WO-D-9")).Status);
    }

    [Fact]
    public async Task Escalation_is_skipped_when_the_order_was_accepted_in_time_and_a_failed_dispatch_is_recorded()
    {
        await HandleAsync(Defect("D-1"));
        await HandleAsync(new WorkOrderStatusReported("WO-D-1", "1001", WorkOrderStatuses.Accepted, "APPR", "eam-webhook", T0.AddMinutes(10)));
        Assert.False(_hub.Scheduler.Timers.ContainsKey(WorkOrderHandlers.AcceptTimer("WO-D-1")));
        await HandleAsync(new WorkOrderEscalationDue("WO-D-1", "not-accepted", 1, T0.AddMinutes(30))); // a timer that fired anyway
        Assert.Empty(_hub.Outbox.To("oa"));

        await HandleAsync(new RepairRequestReceived("95598-77", "低压故障", "整栋楼停电", "urgent", T0, CustomerName: "王五", Phone: "138", Address: "文三路 1 号"));
        await HandleAsync(new DeliveryFailed(Guid.NewGuid(), "eam", "work-order.create", "wo-create:WO-95598-95598-77", "WO-95598-95598-77", "eam answered 400", 400, "{\"error\":\"bad site\"}", 1, T0));
        var order = await OrderAsync("WO-95598-95598-77");
        Assert.Equal(WorkOrderStatuses.Created, order.Status);
        Assert.Contains("bad site", order.History.Last().Note);
    }

    [Fact]
    public async Task Escalation_text_gives_seconds_for_an_accept_time_under_a_minute()
    {
        var options = PowerWorkOrdersOptions.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WorkOrders:AcceptWithin"] = "00:00:45" }).Build());
        var handlers = new WorkOrderHandlers(options, _hub.Scheduler, NullLogger<WorkOrderHandlers>.Instance);
        var defect = Defect("D-45");
        await handlers.HandleAsync(defect, _hub.Context(defect), default);
        var due = (WorkOrderEscalationDue)Assert.Single(_hub.Scheduler.TakeDue(T0.AddSeconds(45)));
        await handlers.HandleAsync(due, _hub.Context(due), default);

        var text = Assert.Single(_hub.Outbox.To("oa", "message.send")).Payload["text"]!.GetValue<string>();
        Assert.Contains("派发后 45 秒未接单", text);
        Assert.DoesNotContain("0 分钟", text);
        Assert.Equal(["30 分钟", "2 分钟", "1 小时 30 分钟", "2 小时", "1 秒"],
            new[] { TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(61), TimeSpan.FromMinutes(90), TimeSpan.FromHours(2), TimeSpan.FromMilliseconds(200) }.Select(DurationText.Chinese));
    }

    [Fact]
    public async Task A_status_changes_only_the_order_its_asset_system_number_was_created_for()
    {
        await HandleAsync(Defect("D-1"));
        await HandleAsync(Delivered("WO-D-1", "1001"));
        await HandleAsync(Defect("D-2", equipment: "T-2"));
        await HandleAsync(Delivered("WO-D-2", "1002"));

        // EAM order 1002 reporting with WO-D-1's id: not WO-D-1's number, so nothing changes.
        await HandleAsync(new WorkOrderStatusReported("WO-D-1", "1002", WorkOrderStatuses.Cancelled, "CAN", "eam-webhook", T0.AddMinutes(5)));
        Assert.Equal((WorkOrderStatuses.Dispatched, "1001"), ((await OrderAsync("WO-D-1")).Status, (await OrderAsync("WO-D-1")).ExternalId));

        // An order not yet bound to an EAM number cannot be claimed by another order's number either.
        await HandleAsync(Defect("D-3", equipment: "T-3"));
        await HandleAsync(new WorkOrderStatusReported("WO-D-3", "1001", WorkOrderStatuses.Accepted, "APPR", "eam-webhook", T0.AddMinutes(6)));
        Assert.Equal((WorkOrderStatuses.Created, (string?)null), ((await OrderAsync("WO-D-3")).Status, (await OrderAsync("WO-D-3")).ExternalId));

        // Its own number still moves it.
        await HandleAsync(new WorkOrderStatusReported("WO-D-1", "1001", WorkOrderStatuses.Accepted, "APPR", "eam-webhook", T0.AddMinutes(7)));
        Assert.Equal(WorkOrderStatuses.Accepted, (await OrderAsync("WO-D-1")).Status);
    }
}
