using IntegrationHub.Contracts.Power.Commands;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Outage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

public sealed class OutageNoticeTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // 10:00 Beijing time on a working day.
    private static readonly DateTimeOffset Published = new(2026, 6, 1, 10, 0, 0, Beijing);

    private readonly PowerWorkOrdersOptions _options = PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Outage:BatchSize"] = "50",
        ["Outage:CallsPerMinute"] = "100",
        ["Outage:DoNotDisturb:0"] = "12:00-13:30",
    }).Build());

    private readonly FakeDataSources _customers = new(new QueryResult(
        ["customer_id", "name", "phone"],
        Enumerable.Range(1, 500).Select(i => (IReadOnlyList<object?>)[$"33{i:D8}", $"客户{i}", $"1380000{i:D4}"]).ToList(),
        false,
        TimeSpan.Zero));

    private readonly CampaignRig _rig;

    public OutageNoticeTests() => _rig = new CampaignRig(_options, _customers);

    private OutageHandlers Handlers() => _rig.Outage();

    private static OutagePlanPublished Plan(DateTimeOffset? published = null) =>
        new("P-1", "10kV城东线", new DateTimeOffset(2026, 6, 3, 8, 0, 0, Beijing), new DateTimeOffset(2026, 6, 3, 16, 0, 0, Beijing), "线路检修", published ?? Published, "西湖区");

    private Task FireDueAsync(DateTimeOffset now) => _rig.FireDueAsync(now);

    [Fact]
    public void Batches_respect_rate_window_and_do_not_disturb()
    {
        var slots = CallingSchedule.Slots(Published, 500, _options.Outage);
        Assert.Equal(10, slots.Count);
        Assert.All(slots.Zip(slots.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(30)));
        Assert.Equal(Published, slots[0]);

        var evening = CallingSchedule.Slots(new DateTimeOffset(2026, 6, 1, 19, 58, 0, Beijing), 300, _options.Outage);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 19, 59, 30, Beijing), evening[3]); // ends at 20:00 exactly
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 8, 0, 0, Beijing), evening[4]);
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 8, 0, 30, Beijing), evening[5]);

        var night = CallingSchedule.Slots(new DateTimeOffset(2026, 6, 1, 23, 0, 0, Beijing), 1, _options.Outage);
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 8, 0, 0, Beijing), night[0]);

        var lunch = CallingSchedule.Slots(new DateTimeOffset(2026, 6, 1, 11, 59, 50, Beijing), 100, _options.Outage);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 13, 30, 0, Beijing), lunch[0]);
        Assert.All(lunch, s => Assert.True(CallingSchedule.IsAllowed(s, TimeSpan.FromSeconds(30), _options.Outage)));
    }

    [Fact]
    public async Task Plan_of_500_customers_becomes_call_tasks_in_the_window_then_results_fallbacks_and_a_summary()
    {
        await Handlers().HandleAsync(Plan(), _rig.Hub.Context(Plan()), default);
        await Handlers().HandleAsync(Plan(), _rig.Hub.Context(Plan()), default); // redelivered: nothing new

        var (_, sql, parameters) = Assert.Single(_customers.Queries);
        Assert.Contains("supply_topology", sql); // the feeder's customers; the district is the target only when no grid element is named
        Assert.Equal("10kV城东线", parameters!["v0"]);
        Assert.Equal(11, _rig.Hub.Scheduler.Timers.Count); // 10 batches + finalize
        Assert.Empty(_rig.Hub.Outbox.Deliveries); // nothing handed over before its slot

        await FireDueAsync(Published.AddMinutes(10));
        var tasks = _rig.Hub.Outbox.To("voicebot", "call-task.create");
        Assert.Equal(10, tasks.Count);
        Assert.Equal(500, tasks.Sum(t => t.Payload["numbers"]!.AsArray().Count));
        Assert.All(tasks, t => Assert.True(t.Payload["numbers"]!.AsArray().Count <= 50));
        var notBefore = tasks.Select(t => t.NotBefore!.Value).Order().ToList();
        Assert.All(notBefore.Zip(notBefore.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(30)));
        Assert.All(notBefore, n => Assert.True(CallingSchedule.IsAllowed(n, TimeSpan.FromSeconds(30), _options.Outage)));
        Assert.Equal("outage-notice", tasks[0].Payload["scriptId"]!.GetValue<string>());
        Assert.Equal("08:00", tasks[0].Payload["callingWindow"]!["start"]!.GetValue<string>());
        Assert.Equal(1, tasks[0].Payload["maxAttempts"]!.GetValue<int>()); // the hub retries per dial status, in later batches
        Assert.Equal("2026-06-03 08:00", tasks[0].Payload["variables"]!["startsAt"]!.GetValue<string>());

        // Simulated callbacks: 390 acknowledge, 10 object, 100 not answered (a non-final attempt first for one of them).
        var numbers = tasks.SelectMany(t => t.Payload["numbers"]!.AsArray().Select(n => (Task: t.Payload["taskId"]!.GetValue<string>(), Phone: n!["phone"]!.GetValue<string>()))).ToList();
        await Result(numbers[450], "no-answer", attempt: 1, final: false);
        for (var i = 0; i < numbers.Count; i++)
        {
            var (status, intent) = i < 390 ? ("answered", "知晓") : i < 400 ? ("answered", "有异议") : ("no-answer", null);
            await Result(numbers[i], status, intent: intent, attempt: status == "answered" ? 1 : 3, final: true);
        }

        await Result(numbers[0], "answered", intent: "有异议", attempt: 2, final: true); // a late duplicate changes nothing

        var summary = Assert.Single(_rig.Hub.Publisher.Of<OutageNoticeSummary>());
        Assert.Equal((500, 400, 100, 10, 100, false), (summary.Customers, summary.Reached, summary.NotReached, summary.Objections, summary.FallbackSent, summary.PlanCancelled));
        Assert.Equal(10, summary.ObjectionCustomerIds!.Count);
        var fallbacks = _rig.Hub.Outbox.To("sms", "message.send");
        Assert.Equal(100, fallbacks.Count);
        Assert.Contains("10kV城东线", fallbacks[0].Payload["text"]!.GetValue<string>());
        Assert.Contains("2026-06-03 08:00", fallbacks[0].Payload["text"]!.GetValue<string>());
        Assert.False(_rig.Hub.Scheduler.Timers.ContainsKey(CampaignEngine.FinalizeTimer("P-1")));
        Assert.Equal(CampaignStates.Completed, (await _rig.CampaignAsync("P-1"))!.State);
    }

    [Fact]
    public async Task Cancelling_the_plan_cancels_pending_batches_and_the_tasks_already_handed_over()
    {
        await Handlers().HandleAsync(Plan(), _rig.Hub.Context(Plan()), default);
        await FireDueAsync(Published.AddMinutes(1)); // batches 0..2 are due (0 s, 30 s, 60 s)
        Assert.Equal(3, _rig.Hub.Outbox.To("voicebot", "call-task.create").Count);

        var cancel = new OutagePlanCancelled("P-1", "计划调整", Published.AddMinutes(1).AddSeconds(10));
        await Handlers().HandleAsync(cancel, _rig.Hub.Context(cancel), default);
        await FireDueAsync(Published.AddHours(5));

        Assert.Equal(3, _rig.Hub.Outbox.To("voicebot", "call-task.create").Count);
        Assert.Equal(["P-1-b0", "P-1-b1", "P-1-b2"], _rig.Hub.Outbox.To("voicebot", "call-task.cancel").Select(d => d.Payload["taskId"]!.GetValue<string>()).ToArray());
        Assert.Equal(8, _rig.Hub.Scheduler.Cancelled.Count); // 7 batch timers + finalize
        var summary = Assert.Single(_rig.Hub.Publisher.Of<OutageNoticeSummary>());
        Assert.True(summary.PlanCancelled);
        Assert.Equal(500, summary.CancelledCalls);
        Assert.Empty(_rig.Hub.Outbox.To("sms"));
    }

    [Fact]
    public async Task Results_missing_at_the_deadline_count_as_not_reached_and_a_refused_task_falls_back()
    {
        await Handlers().HandleAsync(Plan(), _rig.Hub.Context(Plan()), default);
        await FireDueAsync(Published.AddMinutes(10));
        var failed = new IntegrationHub.Contracts.Events.Hub.DeliveryFailed(Guid.NewGuid(), "voicebot", "call-task.create", "campaign:P-1-b0", "campaign:P-1-b0", "invalid call task", 400, null, 1, Published);
        var deliveries = new DeliveryResultHandlers(_options, new(_options, _rig.Hub.Scheduler, NullLogger<IntegrationHub.Plugins.PowerWorkOrders.WorkOrders.WorkOrderHandlers>.Instance), _rig.Engine());
        await deliveries.HandleAsync(failed, _rig.Hub.Context(failed), default);
        Assert.Equal(50, _rig.Hub.Outbox.To("sms").Count);

        await FireDueAsync(Published.AddHours(3));
        var summary = Assert.Single(_rig.Hub.Publisher.Of<OutageNoticeSummary>());
        Assert.Equal((500, 0, 500, 500), (summary.Customers, summary.Reached, summary.NotReached, summary.FallbackSent));
    }

    [Fact]
    public async Task Batches_that_could_only_start_after_the_outage_begins_fall_back_at_once()
    {
        // Published at 19:57 the evening before an outage starting 08:00: 6 batches fit before 20:00, the rest would be at 08:00.
        var late = Plan(new DateTimeOffset(2026, 6, 2, 19, 57, 0, Beijing));
        await Handlers().HandleAsync(late, _rig.Hub.Context(late), default);
        var plan = (await _rig.CampaignAsync("P-1"))!;
        var scheduled = plan.Batches.Count(b => b.State == BatchStates.Scheduled);
        Assert.Equal(6, scheduled);
        Assert.Equal((10 - scheduled) * 50, _rig.Hub.Outbox.To("sms").Count);
    }

    private async Task Result((string Task, string Phone) call, string status, string? intent = null, int attempt = 1, bool final = true)
    {
        var message = new VoiceCallResultReceived($"{call.Task}:{call.Phone}:{attempt}", call.Task, call.Phone, status, status == "answered" ? 35 : 0, attempt, final, Published.AddHours(1), intent);
        await _rig.Campaigns().HandleAsync(message, _rig.Hub.Context(message), default);
    }
}
