using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using Microsoft.Extensions.Configuration;
using static IntegrationHub.Plugins.PowerWorkOrders.Tests.TicketBays;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>Issue 15: tickets simulated on the bay model; each five-preventions violation refused naming its step.</summary>
public sealed class InterlockTicketTests
{
    private readonly TicketChecker _checker = Checker();

    private Task<TicketCheck> Check(string task, string[] steps, string line = "10kV城东线", string breaker = "901", InMemoryStore? store = null) =>
        _checker.CheckAsync(Request(task, steps, line, breaker), steps, store ?? new InMemoryStore(), default);

    [Fact]
    public async Task Valid_tickets_for_maintenance_back_to_service_and_cold_standby_are_accepted()
    {
        foreach (var steps in new[] { ToMaintenance901, ToMaintenance901.Select((s, i) => $"{i + 1}. {s}").ToArray(), ToMaintenance901.Select((s, i) => $"（{i + 1}）{s}").ToArray() })
        {
            var check = await Check("运行转检修", steps);
            Assert.Empty(check.Problems);
            Assert.Equal((TicketStatuses.PendingApproval, "line-to-maintenance", "城东变-901"), (check.Status, check.Template, check.Bay));
        }

        var inMaintenance = new InMemoryStore(); // the bay's current state, as the store holds it after the work
        await inMaintenance.PutAsync(BayCatalog.States, "城东变-901", new BayState { Positions = new() { ["901"] = "open", ["901手车"] = "test", ["9016"] = "closed" } });
        var back = await Check("检修转运行", BackToService901, store: inMaintenance);
        Assert.Empty(back.Problems);
        Assert.Equal("back-to-service", back.Template);
        var fromService = await Check("检修转运行", BackToService901); // the configured state: in service, 9016 open
        Assert.Contains("step 3 (拉开10kV城东线9016接地刀闸): earthing switch 9016 is already open", fromService.Problems);

        var cold = await Check("运行转冷备用", ColdStandby915, "10kV城南线", "915");
        Assert.Empty(cold.Problems);
        Assert.Equal((TicketStatuses.PendingApproval, "to-cold-standby"), (cold.Status, cold.Template));

        string[] groundWire = [.. ColdStandby915[..6], "在10kV城南线线路侧验明三相确无电压", "在10kV城南线线路侧装设1号接地线一组"];
        Assert.Empty((await Check("运行转检修", groundWire, "城南线", "915")).Problems);
    }

    [Fact]
    public async Task Each_interlock_violation_is_rejected_with_a_reason_naming_the_step()
    {
        // A task no template knows, grounding before opening: manual review, with what the simulation found.
        var noTemplate = await Check("10kV城东线停电", ["在10kV城东线线路侧验明三相确无电压", "合上10kV城东线9016接地刀闸", "拉开10kV城东线901开关"]);
        Assert.Equal(TicketStatuses.ManualReview, noTemplate.Status);
        Assert.False(noTemplate.Valid);
        Assert.Equal(
        [
            "no ticket template matches the task '10kV城东线停电': routed to manual review, never to approval",
            "step 1 (在10kV城东线线路侧验明三相确无电压): verifies no voltage on line, which is live from bus",
            "step 2 (合上10kV城东线9016接地刀闸): grounds line, which is live from bus",
        ], noTemplate.Problems);

        // Cold standby opening the line disconnector before the breaker.
        var disconnectorFirst = await Check("运行转冷备用", ["拉开10kV城南线9153刀闸", "拉开10kV城南线915开关", "拉开10kV城南线9151刀闸"], "10kV城南线", "915");
        Assert.Equal(TicketStatuses.RejectedByRules, disconnectorFirst.Status);
        Assert.Equal("step 1 (拉开10kV城南线9153刀闸): opens disconnector 9153 under load (breaker 915 closed); the breaker must be opened first", disconnectorFirst.Problems[0]);

        // Closing the breaker after grounding.
        var closeAfterGround = await Check("运行转检修", [.. ToMaintenance901, "合上10kV城东线901开关"]);
        Assert.Equal(["step 14 (合上10kV城东线901开关): closes breaker 901 onto a ground (on line)"], closeAfterGround.Problems);

        // The voltage check on another line than the one grounded.
        var otherLine = await Check("运行转检修", Replace(ToMaintenance901, 8, "在10kV城西线线路侧验明三相确无电压"));
        Assert.Equal(
        [
            "step 8 (在10kV城西线线路侧验明三相确无电压): operates on 10kV城西线 of bay 城东变-902, not on this ticket's bay 城东变-901",
            "step 9 (合上10kV城东线9016接地刀闸): grounds line without a voltage verification on line first",
            "after the last step, line ends without a ground; line-to-maintenance needs it grounded",
        ], otherLine.Problems);

        // Grounding a live line, on a known task.
        var live = await Check("运行转检修", Insert(ToMaintenance901, 1, "合上10kV城东线9016接地刀闸"));
        Assert.Contains("step 2 (合上10kV城东线9016接地刀闸): grounds line, which is live from bus", live.Problems);

        // Equipment of another bay, named with or without its line.
        Assert.Contains("step 3 (拉开10kV城西线902开关): operates on 10kV城西线 of bay 城东变-902, not on this ticket's bay 城东变-901",
            (await Check("运行转检修", Insert(ToMaintenance901, 2, "拉开10kV城西线902开关"))).Problems);
        Assert.Contains("step 3 (拉开902开关): operates on 902开关 of bay 城东变-902, not on this ticket's bay 城东变-901",
            (await Check("运行转检修", Insert(ToMaintenance901, 2, "拉开902开关"))).Problems);

        // A disconnector closed onto the line's earthing switch.
        var grounded = new InMemoryStore();
        await grounded.PutAsync(BayCatalog.States, "城东变-915", new BayState { Positions = new() { ["9151"] = "open", ["915"] = "open", ["9153"] = "open", ["9156"] = "closed" } });
        var ontoGround = await Check("检修转运行", ["合上10kV城南线9151刀闸", "合上10kV城南线9153刀闸", "合上10kV城南线915开关"], "10kV城南线", "915", grounded);
        Assert.Equal("step 1 (合上10kV城南线9151刀闸): closes disconnector 9151 onto a ground (on line)", ontoGround.Problems[0]);
    }

    [Fact]
    public async Task Missing_or_misplaced_steps_are_refused_where_they_happen()
    {
        var noVoltageCheck = await Check("运行转检修", ToMaintenance901.Where(s => !s.Contains("验明")).ToArray());
        Assert.Contains("step 8 (合上10kV城东线9016接地刀闸): grounds line without a voltage verification on line first", noVoltageCheck.Problems);

        var isolateFirst = ToMaintenance901.ToArray();
        (isolateFirst[1], isolateFirst[4]) = (isolateFirst[4], isolateFirst[1]);
        Assert.Contains("step 2 (将10kV城东线901开关手车由“工作”位置摇至“试验”位置): opens truck 901手车 under load (breaker 901 closed); the breaker must be opened first",
            (await Check("运行转检修", isolateFirst)).Problems);

        var groundBeforeCheck = ToMaintenance901.ToArray();
        (groundBeforeCheck[7], groundBeforeCheck[8]) = (groundBeforeCheck[8], groundBeforeCheck[7]);
        Assert.Contains("step 8 (合上10kV城东线9016接地刀闸): grounds line without a voltage verification on line first", (await Check("运行转检修", groundBeforeCheck)).Problems);

        Assert.Equal(["the draft has no steps"], (await Check("运行转检修", [])).Problems);
        Assert.Contains("step 1 (摇一摇901开关): not a recognised operation step", (await Check("运行转检修", ["摇一摇901开关", .. ToMaintenance901])).Problems);

        var unknownBay = await Check("运行转检修", ToMaintenance901, "10kV城东线", "999");
        Assert.Equal(TicketStatuses.ManualReview, unknownBay.Status);
        Assert.Equal(["no bay model for station '城东变', line '10kV城东线', breaker '999': routed to manual review, never to approval"], unknownBay.Problems);
        Assert.Equal(TicketStatuses.ManualReview, (await Check("运行转检修", ToMaintenance901, "10kV城西线", "901")).Status); // breaker and line of different bays
    }

    [Fact]
    public async Task Templates_bays_and_step_patterns_come_from_configuration()
    {
        var tickets = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tickets:Templates:0:Name"] = "feeder-to-maintenance",
            ["Tickets:Templates:0:Task"] = "(?i)to maintenance",
            ["Tickets:Templates:0:Final:breaker"] = "open",
            ["Tickets:Templates:0:Final:line-disconnector"] = "open",
            ["Tickets:Templates:0:Grounded:0"] = "line",
            ["Tickets:Bays:0:Id"] = "S1-F12", ["Tickets:Bays:0:Station"] = "S1", ["Tickets:Bays:0:Lines:0"] = "feeder F12",
            ["Tickets:Bays:0:Sources:0"] = "bus", ["Tickets:Bays:0:Loads:0"] = "line", ["Tickets:Bays:0:Nodes:line:0"] = "line side",
            ["Tickets:Bays:0:Equipment:0:Id"] = "QS1", ["Tickets:Bays:0:Equipment:0:Kind"] = "disconnector", ["Tickets:Bays:0:Equipment:0:Role"] = "bus-disconnector",
            ["Tickets:Bays:0:Equipment:0:Names:0"] = "disconnector QS1", ["Tickets:Bays:0:Equipment:0:Connects:0:0"] = "bus", ["Tickets:Bays:0:Equipment:0:Connects:0:1"] = "a", ["Tickets:Bays:0:Equipment:0:State"] = "closed",
            ["Tickets:Bays:0:Equipment:1:Id"] = "QF1", ["Tickets:Bays:0:Equipment:1:Kind"] = "breaker", ["Tickets:Bays:0:Equipment:1:Role"] = "breaker",
            ["Tickets:Bays:0:Equipment:1:Names:0"] = "breaker QF1", ["Tickets:Bays:0:Equipment:1:Connects:0:0"] = "a", ["Tickets:Bays:0:Equipment:1:Connects:0:1"] = "b", ["Tickets:Bays:0:Equipment:1:State"] = "closed",
            ["Tickets:Bays:0:Equipment:2:Id"] = "QS2", ["Tickets:Bays:0:Equipment:2:Kind"] = "disconnector", ["Tickets:Bays:0:Equipment:2:Role"] = "line-disconnector",
            ["Tickets:Bays:0:Equipment:2:Names:0"] = "disconnector QS2", ["Tickets:Bays:0:Equipment:2:Connects:0:0"] = "b", ["Tickets:Bays:0:Equipment:2:Connects:0:1"] = "line", ["Tickets:Bays:0:Equipment:2:State"] = "closed",
            ["Tickets:Bays:0:Equipment:3:Id"] = "QE1", ["Tickets:Bays:0:Equipment:3:Kind"] = "earthing-switch", ["Tickets:Bays:0:Equipment:3:Role"] = "line-earthing",
            ["Tickets:Bays:0:Equipment:3:Names:0"] = "earthing switch QE1", ["Tickets:Bays:0:Equipment:3:At"] = "line",
        }).Build()).Tickets;
        Assert.Equal(["feeder-to-maintenance"], tickets.Templates.Select(t => t.Name)); // configuration replaces the shipped data
        Assert.NotEmpty(tickets.StepPatterns); // and what it leaves empty comes from the shipped data

        var checker = Checker(tickets);
        string[] good = ["Open breaker QF1", "Open disconnector QS2", "Open disconnector QS1", "Verify no voltage on the line side", "Close earthing switch QE1"];
        Task<TicketCheck> Check(string task, string[] steps) => checker.CheckAsync(new OperationTicketRequest("T", "S1", "feeder F12", "QF1", task, Steps: steps), steps, new InMemoryStore(), default);
        Assert.Empty((await Check("Transfer feeder F12 to maintenance", good)).Problems);
        Assert.Equal(["after the last step, line ends without a ground; feeder-to-maintenance needs it grounded"], (await Check("Transfer feeder F12 to maintenance", good[..4])).Problems);
        Assert.Equal("step 1 (Open disconnector QS2): opens disconnector QS2 under load (breaker QF1 closed); the breaker must be opened first",
            (await Check("Transfer feeder F12 to maintenance", [good[1], good[0], .. good[2..]])).Problems[0]);
        Assert.Equal(TicketStatuses.ManualReview, (await Check("运行转检修", good)).Status); // the shipped templates are replaced
    }
}
