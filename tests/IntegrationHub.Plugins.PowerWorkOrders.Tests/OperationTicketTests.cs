using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

public sealed class OperationTicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    // What the reasoning worker's operation-ticket template drafts for 10kV 城东线 901 开关 运行转检修.
    private static readonly string[] Good =
    [
        "核对10kV城东线901开关设备名称、编号及位置正确",
        "拉开10kV城东线901开关",
        "检查10kV城东线901开关三相确已拉开（分闸指示灯亮，机械指示在“分”位）",
        "检查10kV城东线负荷电流指示为零",
        "将10kV城东线901开关手车由“工作”位置摇至“试验”位置",
        "检查10kV城东线901开关手车确已在“试验”位置",
        "取下10kV城东线901开关二次插头",
        "在10kV城东线901开关线路侧验明三相确无电压",
        "合上10kV城东线9016接地刀闸",
        "检查10kV城东线9016接地刀闸三相确已合上",
        "断开10kV城东线901开关控制电源及储能电源空气开关",
        "在10kV城东线901开关操作处悬挂“禁止合闸，线路有人工作！”标示牌",
        "向调度汇报：10kV城东线901开关及线路已由运行转检修",
    ];

    private readonly PowerWorkOrdersOptions _options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().Build());

    private TicketValidator Validator() => new(_options.Tickets);

    [Fact]
    public void Template_draft_passes_and_each_safety_rule_catches_its_violation()
    {
        var validator = Validator();
        Assert.Empty(validator.Validate("运行转检修", Good));
        Assert.Empty(validator.Validate("运行转检修", Good.Select((s, i) => $"{i + 1}. {s}").ToList())); // numbered as the worker drafts them
        Assert.Empty(validator.Validate("运行转检修", Good.Select((s, i) => $"（{i + 1}）{s}").ToList()));

        var noVoltageCheck = Good.Where(s => !s.Contains("验明")).ToList();
        Assert.Equal(["missing required step: verify-no-voltage"], validator.Validate("运行转检修", noVoltageCheck));

        var isolateFirst = Good.ToList();
        (isolateFirst[1], isolateFirst[4]) = (isolateFirst[4], isolateFirst[1]);
        Assert.Contains(validator.Validate("运行转检修", isolateFirst), p => p.StartsWith("wrong order: open-breaker", StringComparison.Ordinal));

        var groundBeforeCheck = Good.ToList();
        (groundBeforeCheck[7], groundBeforeCheck[8]) = (groundBeforeCheck[8], groundBeforeCheck[7]);
        Assert.Contains(validator.Validate("运行转检修", groundBeforeCheck), p => p.StartsWith("wrong order: verify-no-voltage", StringComparison.Ordinal));

        Assert.Equal(["the draft has no steps"], validator.Validate("运行转检修", []));
        Assert.Empty(validator.Validate("Transfer feeder F12 to maintenance", ["Open breaker QF1", "Open disconnector QS1", "Verify no voltage on the line side", "Close earthing switch QE1"]));
        Assert.Contains("missing required step: ground", validator.Validate("Transfer feeder F12 to maintenance", ["Open breaker QF1", "Open disconnector QS1", "Verify no voltage on the line side"]));
    }

    [Fact]
    public void Rules_come_from_configuration()
    {
        var options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tickets:Categories:sign"] = "悬挂.*标示牌",
            ["Tickets:Categories:report"] = "^向.*汇报",
            ["Tickets:Rules:0:Task"] = "转检修",
            ["Tickets:Rules:0:Required:0"] = "sign",
            ["Tickets:Rules:0:Order:0"] = "sign<report",
        }).Build());
        var validator = new TicketValidator(options.Tickets);
        Assert.Empty(validator.Validate("运行转检修", Good));
        Assert.Equal(["missing required step: sign"], validator.Validate("运行转检修", Good.Where(s => !s.Contains("标示牌")).ToList()));
    }

    [Fact]
    public async Task Invalid_draft_is_never_sent_and_a_valid_one_goes_to_oa_approval()
    {
        var hub = new PluginHarness();
        var drafts = new Queue<string[]>([Good.Where(s => !s.Contains("验明")).ToArray(), Good]);
        var worker = new FakeWorker(request =>
        {
            var draft = (DraftRequest)request;
            Assert.Equal("operation-ticket", draft.Kind);
            Assert.Equal("城东线", draft.Facts["line"]);
            return new DraftReply("城东变10kV城东线901开关及线路由运行转检修", "…", drafts.Dequeue(), new ReasoningMeta("draft", ReasoningEngines.Offline, "offline-1", 0, 0, 1));
        });
        var tickets = new OperationTickets(_options, Validator(), worker, hub.Store, hub.Outbox, hub.Publisher);

        var rejected = await tickets.DraftAsync(new OperationTicketRequest("OT-1", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);
        var accepted = await tickets.DraftAsync(new OperationTicketRequest("OT-2", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);
        var again = await tickets.DraftAsync(new OperationTicketRequest("OT-2", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);

        Assert.False(rejected.Valid);
        Assert.Equal(["missing required step: verify-no-voltage"], rejected.Problems);
        Assert.Equal("rejected-by-rules", rejected.Status);
        Assert.True(accepted.Valid);
        Assert.Equal(accepted.Steps, again.Steps);
        var approval = Assert.Single(hub.Outbox.Deliveries);
        Assert.Equal(("oa", "approval.start", "OT-2"), (approval.Connector, approval.Operation, approval.Payload["referenceId"]!.GetValue<string>()));
        Assert.Equal(13, approval.Payload["steps"]!.AsArray().Count);
        Assert.Equal([false, true], hub.Publisher.Of<OperationTicketValidated>().Select(v => v.Valid).ToArray());

        var decision = new ApprovalDecisionReceived("PROC-9", "OT-2", "approved", Now, "li.si");
        await TicketApprovalHandler.ApprovalStartedAsync("OT-2", "PROC-9", hub.Context(decision), default); // the OA's answer to approval.start
        var approver = new TicketApprovalHandler(NullLogger<TicketApprovalHandler>.Instance);
        var forged = new ApprovalDecisionReceived("PROC-other", "OT-2", "rejected", Now, "mallory");
        await approver.HandleAsync(forged, hub.Context(forged), default); // another OA instance: refused
        Assert.Equal("approval-started", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-2"))!.Value.Status);
        await approver.HandleAsync(decision, hub.Context(decision), default);
        var rejectedDecision = new ApprovalDecisionReceived("PROC-8", "OT-1", "approved", Now);
        await approver.HandleAsync(rejectedDecision, hub.Context(rejectedDecision), default); // never sent: stays rejected
        Assert.Equal("approved", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-2"))!.Value.Status);
        Assert.Equal("rejected-by-rules", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-1"))!.Value.Status);
    }
}
