using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>Issue 15: a fee-reminder campaign's windows, retries per dial status, do-not-call list, opt-outs and results; an outage withdrawal tells those already told.</summary>
public sealed class CampaignTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Morning = new(2026, 6, 1, 8, 0, 0, Beijing); // before the fee-reminder window (09:00-18:00)

    private static PowerWorkOrdersOptions Options(params (string Key, string Value)[] settings) =>
        PowerWorkOrdersOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    private static FakeDataSources Customers(int count) => new(new QueryResult(
        ["customer_id", "name", "phone"],
        Enumerable.Range(1, count).Select(i => (IReadOnlyList<object?>)[$"C{i}", $"客户{i}", $"1390000{i:D4}"]).ToList(),
        false,
        TimeSpan.Zero));

    [Fact]
    public async Task Fee_reminder_waits_for_its_window_retries_per_dial_status_honours_do_not_call_and_reports()
    {
        var rig = new CampaignRig(Options(("Campaigns:DoNotCall:0", "13900000005"), ("Campaigns:Kinds:fee-reminder:Recipients:0", "marketing-lead")), Customers(7));
        await DoNotCallList.AddAsync(rig.Hub.Store, new DoNotCallEntry(null, "C6", "earlier-call", "fee-reminder", "opted out earlier", Morning), default);
        var request = new CampaignRequested("FR-1", CampaignKinds.FeeReminder, Morning, CustomerIds: ["C1", "C2", "C3", "C4", "C5", "C6", "C7"], Variables: new Dictionary<string, string> { ["month"] = "2026-05" });
        await rig.Campaigns().HandleAsync(request, rig.Hub.Context(request), default);

        var campaign = (await rig.CampaignAsync("FR-1"))!;
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 9, 0, 0, Beijing), Assert.Single(campaign.Batches).DueAt); // not at 08:00
        await rig.FireDueAsync(Morning.AddMinutes(59));
        Assert.Empty(rig.Hub.Outbox.To("voicebot"));
        await rig.FireDueAsync(Morning.AddHours(1));
        var first = Assert.Single(rig.Hub.Outbox.To("voicebot", "call-task.create"));
        Assert.Equal(["C1", "C2", "C3", "C4", "C7"], first.Payload["numbers"]!.AsArray().Select(n => n!["customerId"]!.GetValue<string>()).ToArray()); // C5 (listed) and C6 (opted out) never called
        Assert.Equal("2026-05", first.Payload["variables"]!["month"]!.GetValue<string>());

        async Task Result(string customer, string status, DateTimeOffset at, string? intent = null, int attempt = 1)
        {
            var c = (await rig.CampaignAsync("FR-1"))!;
            var contact = c.Contacts[customer];
            var message = new VoiceCallResultReceived($"{customer}:{attempt}", c.Batches[contact.Batch].TaskId, contact.Phone, status, 30, attempt, true, at, intent);
            await rig.Campaigns().HandleAsync(message, rig.Hub.Context(message), default);
        }

        var nine = Morning.AddHours(1);
        await Result("C1", "no-answer", nine.AddMinutes(5));
        await Result("C2", "busy", nine.AddMinutes(5));
        await Result("C3", "rejected", nine.AddMinutes(5));
        await Result("C4", "answered", nine.AddMinutes(5), "承诺缴费");
        await Result("C7", "answered", nine.AddMinutes(5), "勿扰");

        campaign = (await rig.CampaignAsync("FR-1"))!;
        Assert.Equal(nine.AddMinutes(35), campaign.Batches[campaign.Contacts["C2"].Batch].DueAt); // busy: again after 30 min
        Assert.Equal(nine.AddHours(2).AddMinutes(5), campaign.Batches[campaign.Contacts["C1"].Batch].DueAt); // no answer: after 2 h
        Assert.Equal(ContactResults.NotReached, campaign.Contacts["C3"].Result); // rejected: not retried, messaged
        Assert.Equal(["C3"], rig.Hub.Outbox.To("sms").Select(d => d.Payload["customerId"]!.GetValue<string>()).ToArray());
        Assert.True(await DoNotCallList.ContainsAsync(rig.Hub.Store, campaign.Contacts["C7"].Phone, default, "C7")); // the opt-out is recorded

        await rig.FireDueAsync(nine.AddMinutes(35));
        await Result("C2", "answered", nine.AddMinutes(40), "已缴费", attempt: 2);
        await rig.FireDueAsync(nine.AddHours(2).AddMinutes(5));
        await Result("C1", "no-answer", nine.AddHours(2).AddMinutes(10), attempt: 2);
        campaign = (await rig.CampaignAsync("FR-1"))!;
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 14, 0, 0, Beijing), campaign.Batches[campaign.Contacts["C1"].Batch].DueAt); // 13:10 is in the 12:00-14:00 rest
        await rig.FireDueAsync(new DateTimeOffset(2026, 6, 1, 14, 0, 0, Beijing));
        var retries = rig.Hub.Outbox.To("voicebot", "call-task.create").Skip(1).ToList();
        Assert.Equal([2, 2, 3], retries.Select(t => t.Payload["numbers"]![0]!["attempt"]!.GetValue<int>()).ToArray());
        await Result("C1", "no-answer", new DateTimeOffset(2026, 6, 1, 14, 5, 0, Beijing), attempt: 3);

        var results = Assert.Single(rig.Hub.Publisher.Of<CampaignCompleted>());
        Assert.Equal((7, 3, 2, 0, 2, 2, 1, false), (results.Customers, results.Reached, results.NotReached, results.Objections, results.FallbackSent, results.DoNotCall, results.OptedOut, results.Cancelled));
        Assert.Equal(new Dictionary<string, int> { ["勿扰"] = 1, ["已缴费"] = 1, ["承诺缴费"] = 1 }, results.Outcomes);
        var report = Assert.Single(rig.Hub.Outbox.To("oa", "message.send"));
        Assert.Equal("marketing-lead", report.Payload["mentions"]![0]!.GetValue<string>());
        Assert.Contains("共7户，接通3户，未接通2户", report.Payload["text"]!.GetValue<string>());
        Assert.Empty(rig.Hub.Publisher.Of<OutageNoticeSummary>());
    }

    [Fact]
    public async Task A_campaign_without_customers_or_of_an_unknown_kind_fails_with_the_reason()
    {
        var rig = new CampaignRig(Options(), new FakeDataSources(new QueryResult(["customer_id", "name", "phone"], [], false, TimeSpan.Zero)));
        foreach (var request in new[]
        {
            new CampaignRequested("E-1", CampaignKinds.FeeReminder, Morning, Segment: "overdue-bills"),
            new CampaignRequested("E-2", "lottery", Morning, CustomerIds: ["C1"]),
            new CampaignRequested("E-3", CampaignKinds.FeeReminder, Morning, Segment: "no-such-segment"),
        })
        {
            await rig.Campaigns().HandleAsync(request, rig.Hub.Context(request), default);
        }

        var failed = rig.Hub.Publisher.Of<CampaignFailed>().ToDictionary(f => f.CampaignId, f => f.Reason);
        Assert.Contains("No customer", failed["E-1"]);
        Assert.Contains("lottery", failed["E-2"]);
        Assert.Contains("no-such-segment", failed["E-3"]);
        Assert.Empty(rig.Hub.Scheduler.Timers);
        Assert.Empty(rig.Hub.Outbox.Deliveries);
    }

    [Fact]
    public async Task Withdrawing_an_outage_plan_tells_everyone_already_told_and_nobody_else()
    {
        var rig = new CampaignRig(Options(("Outage:Recipients:0", "dispatch-lead")), Customers(200));
        var published = new DateTimeOffset(2026, 6, 1, 10, 0, 0, Beijing);
        var plan = new OutagePlanPublished("P-W", "10kV城东线", published.AddDays(2), published.AddDays(2).AddHours(8), "线路检修", published);
        await rig.Outage().HandleAsync(plan, rig.Hub.Context(plan), default);
        await rig.FireDueAsync(published); // the first batch of 50

        var task = Assert.Single(rig.Hub.Outbox.To("voicebot", "call-task.create"));
        var numbers = task.Payload["numbers"]!.AsArray().Select(n => n!["phone"]!.GetValue<string>()).ToList();
        for (var i = 0; i < 12; i++)
        {
            var (status, intent) = i < 10 ? ("answered", "知晓") : ("unreachable", (string?)null);
            var result = new VoiceCallResultReceived($"w{i}", task.Payload["taskId"]!.GetValue<string>(), numbers[i], status, 20, 1, true, published.AddMinutes(5), intent);
            await rig.Campaigns().HandleAsync(result, rig.Hub.Context(result), default);
        }

        var cancel = new Contracts.Power.Events.OutagePlanCancelled("P-W", "计划取消", published.AddMinutes(10));
        await rig.Outage().HandleAsync(cancel, rig.Hub.Context(cancel), default);

        var withdrawn = rig.Hub.Outbox.To("sms").Where(d => d.Payload["purpose"]!.GetValue<string>() == "withdrawn").ToList();
        Assert.Equal(12, withdrawn.Count); // 10 spoken to, 2 sent the notice by message
        Assert.Equal(numbers.Take(12).Order(), withdrawn.Select(d => d.Payload["phone"]!.GetValue<string>()).Order());
        Assert.Contains("已取消", withdrawn[0].Payload["text"]!.GetValue<string>());
        Assert.Single(rig.Hub.Outbox.To("voicebot", "call-task.cancel"));
        var summary = Assert.Single(rig.Hub.Publisher.Of<OutageNoticeSummary>());
        Assert.Equal((200, 10, 2, 188, true), (summary.Customers, summary.Reached, summary.NotReached, summary.CancelledCalls, summary.PlanCancelled));
        var report = Assert.Single(rig.Hub.Outbox.To("oa", "message.send"));
        Assert.Contains("已取消", report.Payload["text"]!.GetValue<string>());
    }
}
