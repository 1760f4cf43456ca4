using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using static IntegrationHub.Plugins.PowerWorkOrders.Tests.TicketBays;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

public sealed class OperationTicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly PowerWorkOrdersOptions _options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().Build());

    private static DraftReply Reply(string title, IReadOnlyList<string> steps) =>
        new(title, "…", steps, new ReasoningMeta("draft", ReasoningEngines.Offline, "offline-1", 0, 0, 1));

    private OperationTickets Tickets(PluginHarness hub, FakeWorker worker) =>
        new(_options, new TicketDrafter(_options.Tickets, worker), Checker(_options.Tickets), hub.Store, hub.Outbox, hub.Publisher);

    [Fact]
    public async Task Drafts_read_cleanly_without_doubled_words_or_double_numbering()
    {
        var hub = new PluginHarness();
        // A draft as a template writing "{line}线{breaker}开关" makes of a line given as "城南线" and a breaker as "915开关", numbered by the worker.
        var worker = new FakeWorker(_ => Reply("城东变10kV城南线线915开关开关由运行转冷备用", ColdStandby915
            .Select(s => s.Replace("城南线", "城南线线").Replace("915开关", "915开关开关").Replace("9153刀闸", "9153刀闸刀闸"))
            .Select((s, i) => $"{i + 1}. {s}").ToList()));
        var result = await Tickets(hub, worker).DraftAsync(new OperationTicketRequest("OT-C", "城东变", "10kV城南线", "915开关", "运行转冷备用", Approver: "li.si"), Now, default);

        var facts = ((DraftRequest)Assert.Single(worker.Requests)).Facts;
        Assert.Equal(("10kV城南", "915"), (facts["line"], facts["breaker"])); // the worker's template adds 线 and 开关 itself
        Assert.True(result.Valid, string.Join("; ", result.Problems));
        Assert.Equal("城东变10kV城南线915开关由运行转冷备用", result.Title);
        Assert.Equal(ColdStandby915, result.Steps);
        var approval = Assert.Single(hub.Outbox.Deliveries);
        var steps = approval.Payload["steps"]!.AsArray();
        Assert.Equal((1, "拉开10kV城南线915开关"), (steps[0]!["no"]!.GetValue<int>(), steps[0]!["text"]!.GetValue<string>())); // numbered once, by the OA field
        Assert.All(steps, s => Assert.DoesNotMatch(@"^\d|线线|开关开关|刀闸刀闸", s!["text"]!.GetValue<string>()));
        Assert.Equal(("to-cold-standby", "城东变-915"), (approval.Payload["template"]!.GetValue<string>(), approval.Payload["bay"]!.GetValue<string>()));

        var drafter = new TicketDrafter(_options.Tickets, worker);
        Assert.Equal("在10kV城南线线路侧验明三相确无电压", drafter.CleanText("在10kV城南线线路侧验明三相确无电压")); // 线路 is a word of its own
        Assert.Equal(["拉开10kV城南线915开关", "合上10kV城南线9153刀闸"], drafter.Clean(["（1）拉开10kV城南线线915开关开关", "第2步：合上10kV城南线9153刀闸", "  "]));
    }

    [Fact]
    public async Task Invalid_draft_is_never_sent_and_a_valid_one_goes_to_oa_approval()
    {
        var hub = new PluginHarness();
        var drafts = new Queue<string[]>([ToMaintenance901.Where(s => !s.Contains("验明")).ToArray(), ToMaintenance901]);
        var worker = new FakeWorker(request =>
        {
            var draft = (DraftRequest)request;
            Assert.Equal("operation-ticket", draft.Kind);
            Assert.Equal("城东", draft.Facts["line"]);
            return Reply("城东变10kV城东线901开关及线路由运行转检修", drafts.Dequeue());
        });
        var tickets = Tickets(hub, worker);

        var rejected = await tickets.DraftAsync(new OperationTicketRequest("OT-1", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);
        var accepted = await tickets.DraftAsync(new OperationTicketRequest("OT-2", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);
        var again = await tickets.DraftAsync(new OperationTicketRequest("OT-2", "城东变", "城东线", "901", "运行转检修", "9016", "li.si"), Now, default);
        var unknownTask = await tickets.DraftAsync(new OperationTicketRequest("OT-3", "城东变", "城东线", "901", "线路停电", Steps: ToMaintenance901), Now, default);

        Assert.False(rejected.Valid);
        Assert.Equal("step 8 (合上10kV城东线9016接地刀闸): grounds line without a voltage verification on line first", rejected.Problems[0]);
        Assert.Equal(TicketStatuses.RejectedByRules, rejected.Status);
        Assert.True(accepted.Valid);
        Assert.Equal(accepted.Steps, again.Steps);
        Assert.False(unknownTask.Valid);
        Assert.Equal(TicketStatuses.ManualReview, unknownTask.Status);
        Assert.Equal(TicketStatuses.ManualReview, (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-3"))!.Value.Status);
        var approval = Assert.Single(hub.Outbox.Deliveries);
        Assert.Equal(("oa", "approval.start", "OT-2"), (approval.Connector, approval.Operation, approval.Payload["referenceId"]!.GetValue<string>()));
        Assert.Equal(13, approval.Payload["steps"]!.AsArray().Count);
        Assert.Equal([false, true, false], hub.Publisher.Of<OperationTicketValidated>().Select(v => v.Valid).ToArray());

        var decision = new ApprovalDecisionReceived("PROC-9", "OT-2", "approved", Now, "li.si");
        await TicketApprovalHandler.ApprovalStartedAsync("OT-2", "PROC-9", hub.Context(decision), default); // the OA's answer to approval.start
        var approver = new TicketApprovalHandler(NullLogger<TicketApprovalHandler>.Instance);
        var forged = new ApprovalDecisionReceived("PROC-other", "OT-2", "rejected", Now, "mallory");
        await approver.HandleAsync(forged, hub.Context(forged), default); // another OA instance: refused
        Assert.Equal("approval-started", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-2"))!.Value.Status);
        await approver.HandleAsync(decision, hub.Context(decision), default);
        foreach (var never in new[] { "OT-1", "OT-3" })
        {
            var late = new ApprovalDecisionReceived("PROC-8", never, "approved", Now);
            await approver.HandleAsync(late, hub.Context(late), default); // never sent: stays as it was
        }

        Assert.Equal("approved", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-2"))!.Value.Status);
        Assert.Equal("rejected-by-rules", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-1"))!.Value.Status);
        Assert.Equal("manual-review", (await hub.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, "OT-3"))!.Value.Status);
    }
}
