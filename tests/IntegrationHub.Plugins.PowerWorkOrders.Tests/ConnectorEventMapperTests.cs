using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Inbound;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>
/// The connectors report callbacks and interface-table rows in generic terms (their tests: Connectors.Tests
/// CallbackTests, DbTableConnectorTests); these are the power meanings this plugin gives them.
/// </summary>
public sealed class ConnectorEventMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly PowerWorkOrdersOptions Options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["StatusConnectors:0"] = "eam",
        ["StatusConnectors:1"] = "erp",
        ["StatusMaps:eam:APPR"] = "accepted",
        ["StatusMaps:eam:COMP"] = "completed",
        ["StatusMaps:erp:ACCEPTED"] = "accepted",
        ["StatusMaps:erp:DONE"] = "completed",
        ["StatusMaps:oa:agree"] = "approved",
        ["StatusMaps:voicebot:ANSWERED"] = "answered",
    }).Build());

    private readonly ConnectorEventMapper _mapper = new(Options);

    private static ConnectorCallbackReceived Callback(string connector, string operation, string payload) => new(connector, operation, "k", payload, Now);

    [Fact]
    public void A_status_callback_of_the_eam_becomes_a_mapped_status_report()
    {
        // The payload as the eam connector publishes it: the body plus its Callbacks:Fields (orderId, externalId, eventId).
        var message = Assert.IsType<WorkOrderStatusReported>(_mapper.Map(Callback("eam", "status",
            """{"wonum":"1001","externalrefid":"WO-1","status":"APPR","changeId":"c-9","orderId":"WO-1","externalId":"1001","eventId":"c-9"}""")));

        Assert.Equal("WO-1", message.OrderId);
        Assert.Equal("1001", message.ExternalId);
        Assert.Equal("accepted", message.Status);
        Assert.Equal("APPR", message.RawStatus);
        Assert.Equal("eam-webhook", message.Source);
        Assert.Equal("c-9", message.EventId);
        Assert.Equal(Now, message.ReportedAt);
    }

    [Fact]
    public void Approval_decisions_and_call_results_become_power_events()
    {
        var decided = Assert.IsType<ApprovalDecisionReceived>(_mapper.Map(Callback("oa", "approval", """{"instanceId":"PROC-77","referenceId":"OT-1","decision":"agree","approver":"li.si"}""")));
        var answered = Assert.IsType<VoiceCallResultReceived>(_mapper.Map(Callback("voicebot", "call-result",
            """{"callId":"c1","taskId":"P1-b0","phone":"13800000001","dialStatus":"ANSWERED","durationSeconds":42,"intent":"知晓","transcript":"好的知道了","attempt":1,"final":true}""")));
        var missed = Assert.IsType<VoiceCallResultReceived>(_mapper.Map(Callback("voicebot", "call-result",
            """{"callId":"c2","taskId":"P1-b0","phone":"13800000002","dialStatus":"no-answer","attempt":3,"final":true}""")));

        Assert.Equal(("PROC-77", "OT-1", "approved", "li.si"), (decided.InstanceId, decided.ReferenceId, decided.Decision, decided.Approver));
        Assert.Equal(("answered", 42, "知晓", "好的知道了"), (answered.DialStatus, answered.DurationSeconds, answered.Intent, answered.Transcript));
        Assert.Equal(("no-answer", 3, true), (missed.DialStatus, missed.Attempt, missed.Final));
    }

    [Fact]
    public void A_polled_row_of_a_status_connector_becomes_a_status_report()
    {
        var accepted = _mapper.Map(new InterfaceRowChanged("erp", "wo_interface", "wo-create:WO-1", "ACCEPTED", Now, "NEW", "WO-1", "ERP-5001"));
        var done = _mapper.Map(new InterfaceRowChanged("erp", "wo_interface", "wo-create:WO-2", "DONE", Now, "NEW", "WO-2"));

        Assert.NotNull(accepted);
        Assert.Equal("WO-1", accepted.OrderId);
        Assert.Equal("ERP-5001", accepted.ExternalId);
        Assert.Equal("accepted", accepted.Status);
        Assert.Equal("ACCEPTED", accepted.RawStatus);
        Assert.Equal("erp-poll", accepted.Source);
        Assert.Equal(("WO-2", "completed", "DONE", "erp-poll"), (done!.OrderId, done.Status, done.RawStatus, done.Source));
    }

    [Fact]
    public async Task Callbacks_and_rows_of_connectors_the_plugin_does_not_name_are_not_mapped()
    {
        var hub = new PluginHarness();
        var workOrders = new WorkOrderHandlers(Options, hub.Scheduler, NullLogger<WorkOrderHandlers>.Instance);
        var engine = new CampaignEngine(Options, hub.Scheduler, new CampaignMessages(Options), NullLogger<CampaignEngine>.Instance);
        var handlers = new ConnectorEventHandlers(_mapper, workOrders, new CampaignCallResults(engine, hub.Scheduler), new TicketApprovalHandler(NullLogger<TicketApprovalHandler>.Instance), NullLogger<ConnectorEventHandlers>.Instance);
        var defect = new EquipmentDefectReported("D-1", "T-1", "oil-leak", "critical", "主变本体渗油", "inspection-photo", Now);
        await workOrders.HandleAsync(defect, hub.Context(defect), default);
        await workOrders.DispatchedAsync("WO-D-1", "1001", Now, hub.Context(defect), default);
        var before = hub.Publisher.Messages.Count;

        // Unknown connector, the EAM under an operation the plugin does not read, another system's interface table.
        var foreign = Callback("crm", "status", """{"orderId":"WO-D-1","status":"APPR"}""");
        var wrongOperation = Callback("eam", "approval", """{"instanceId":"P","referenceId":"WO-D-1","decision":"agree"}""");
        var foreignRow = new InterfaceRowChanged("billing", "bill_interface", "b-1", "DONE", Now, "NEW", "WO-D-1");
        Assert.Null(_mapper.Map(foreign));
        Assert.Null(_mapper.Map(wrongOperation));
        Assert.Null(_mapper.Map(foreignRow));
        await handlers.HandleAsync(foreign, hub.Context(foreign), default);
        await handlers.HandleAsync(wrongOperation, hub.Context(wrongOperation), default);
        await handlers.HandleAsync(foreignRow, hub.Context(foreignRow), default);
        Assert.Equal(before, hub.Publisher.Messages.Count);
        Assert.Equal(WorkOrderStatuses.Dispatched, (await hub.Store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, "WO-D-1"))!.Value.Status);

        // The EAM's status callback moves the order.
        var ours = Callback("eam", "status", """{"externalId":"1001","status":"APPR"}""");
        await handlers.HandleAsync(ours, hub.Context(ours), default);
        Assert.Equal(WorkOrderStatuses.Accepted, (await hub.Store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, "WO-D-1"))!.Value.Status);
        var changed = Assert.Single(hub.Publisher.Of<WorkOrderStatusChanged>(), c => c.To == WorkOrderStatuses.Accepted);
        Assert.Equal(("WO-D-1", "eam-webhook"), (changed.OrderId, changed.Source));
    }

    [Fact]
    public void A_callback_of_the_plugin_without_what_its_event_needs_fails_with_the_reason()
    {
        var noStatus = Assert.Throws<CallbackPayloadException>(() => _mapper.Map(Callback("eam", "status", """{"wonum":"1001"}""")));
        var noOrder = Assert.Throws<CallbackPayloadException>(() => _mapper.Map(Callback("eam", "status", """{"status":"APPR"}""")));
        var notJson = Assert.Throws<CallbackPayloadException>(() => _mapper.Map(Callback("oa", "approval", "not json")));

        Assert.Contains("field 'status' is missing", noStatus.Message);
        Assert.Contains("order id or the external id", noOrder.Message);
        Assert.Contains("not JSON", notJson.Message);
    }
}
