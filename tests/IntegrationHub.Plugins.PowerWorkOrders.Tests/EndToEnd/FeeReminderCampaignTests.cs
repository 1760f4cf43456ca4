using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>
/// Issue 15: a fee-reminder campaign over demo-database customers, through the voice platform and back. Real time with
/// a window opening seconds from now and a rate of one batch every 2 s (the outbox's <c>NotBefore</c> follows the wall clock).
/// </summary>
public sealed class FeeReminderCampaignTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Fee_reminder_calls_in_the_window_at_the_rate_retries_honours_opt_outs_and_delivers_results(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);
        var report = await environment.Hub.StartSinkAsync();
        var now = DateTimeOffset.UtcNow;
        var window = CallingWindow.OpeningIn(now, TimeSpan.FromSeconds(8));

        // Six active customers with distinct (masked) phones; the sixth is on the configured do-not-call list.
        var ids = (await DemoCustomers.RowsAsync("SELECT MIN(customer_id) FROM customer WHERE status = '正常' GROUP BY phone HAVING COUNT(*) = 1 ORDER BY 1 LIMIT 6"))
            .Select(r => (string)r[0]!).ToList();
        const string Kind = "Plugins:PowerWorkOrders:Campaigns:Kinds:fee-reminder:";
        await using var hub = await environment.StartHubAsync(
            new Dictionary<string, string?>(window.Settings(Kind))
            {
                ["Hub:Scheduler:IdleWait"] = "00:00:01",
                [Kind + "DoNotDisturb:0"] = "00:00-00:00",
                [Kind + "BatchSize"] = "2",
                [Kind + "CallsPerMinute"] = "60", // one batch of 2 every 2 s
                [Kind + "Retries:no-answer:MaxAttempts"] = "2",
                [Kind + "Retries:no-answer:After"] = "00:00:03",
                [Kind + "Recipients:0"] = "marketing-lead",
                ["Plugins:PowerWorkOrders:Campaigns:DoNotCall:0"] = ids[5],
                ["Plugins:PowerWorkOrders:Campaigns:ReportConnector"] = "report",
                ["Connectors:report:Kind"] = "rest",
                ["Connectors:report:BaseUrl"] = report.Url,
                ["Connectors:report:Operations:campaign-report.submit:Path"] = "reports/campaigns",
            },
            services => services.AddSingleton<IDataSources>(DemoCustomers.Sources()));

        await hub.PostEventAsync("power.campaign-requested", new CampaignRequested("FR-E", CampaignKinds.FeeReminder, now, CustomerIds: ids));
        await Eventually.TrueAsync(async () => hub.Observed.Of<CampaignFailed>().Any() || (await hub.GetAsync("/api/power/campaigns/FR-E"))?["batches"]?.AsArray().Count == 3, Wait, "the campaign planned");
        Assert.True(hub.Observed.Of<CampaignFailed>().Count == 0, string.Join("; ", hub.Observed.Of<CampaignFailed>().Select(f => f.Reason)));
        List<WebhookSink.Received> Tasks() => environment.Voice.Requests.Where(r => r.Path == "/voice/call-tasks").ToList();
        await Eventually.TrueAsync(() => Tasks().Count == 3, Wait, "three call tasks at the voice platform");

        // The window and the rate, as the platform saw them: nothing before the window opened, batches 2 s apart.
        var opens = window.Opens;
        var arrivals = Tasks().Select(t => t.At).Order().ToList();
        Assert.All(arrivals.Select((at, i) => (at, i)), a => Assert.True(
            a.at >= opens + TimeSpan.FromSeconds(2 * a.i) - TimeSpan.FromMilliseconds(50), $"batch {a.i} at {a.at:HH:mm:ss.fff}, window opens {opens:HH:mm:ss.fff}"));
        var numbers = Tasks().SelectMany(t => t.Body!["numbers"]!.AsArray().Select(n => (Task: t.Body["taskId"]!.GetValue<string>(), Id: n!["customerId"]!.GetValue<string>(), Phone: n["phone"]!.GetValue<string>()))).ToList();
        Assert.Equal(ids.Take(5), numbers.Select(n => n.Id));
        Assert.All(Tasks(), t => Assert.Equal("fee-reminder", t.Body!["scriptId"]!.GetValue<string>()));

        JsonObject Result((string Task, string Id, string Phone) n, string status, string? intent, int attempt) => new()
        {
            ["callId"] = $"{n.Id}-{attempt}", ["taskId"] = n.Task, ["phone"] = n.Phone, ["dialStatus"] = status, ["durationSeconds"] = status == "answered" ? 30 : 0,
            ["intent"] = intent, ["attempt"] = attempt, ["final"] = true,
        };
        await hub.CallbackAsync("/callbacks/voicebot/call-result", new JsonArray(
            Result(numbers[0], "answered", "承诺缴费", 1), Result(numbers[1], "answered", "有异议", 1), Result(numbers[2], "answered", "勿扰", 1),
            Result(numbers[3], "no-answer", null, 1), Result(numbers[4], "rejected", null, 1)));

        // Rejected: not retried, the message goes out; no answer: called again (3 s later, in its own batch).
        await Eventually.TrueAsync(() => environment.Sms.Requests.Any(r => r.Body?["customerId"]?.GetValue<string>() == ids[4]), Wait, "the fallback message to the customer who rejected the call");
        await Eventually.TrueAsync(() => Tasks().Count == 4, Wait, "the retry at the voice platform");
        var retry = Tasks()[3].Body!;
        Assert.Equal(ids[3], Assert.Single(retry["numbers"]!.AsArray())!["customerId"]!.GetValue<string>());
        Assert.Equal(2, retry["numbers"]![0]!["attempt"]!.GetValue<int>());
        await hub.CallbackAsync("/callbacks/voicebot/call-result", new JsonArray(Result((retry["taskId"]!.GetValue<string>(), ids[3], numbers[3].Phone), "answered", "已缴费", 2)));

        // Results: on the bus, to the marketing lead through the OA robot, and to the report system.
        await Eventually.TrueAsync(() => hub.Observed.Of<CampaignCompleted>().Any(c => c.CampaignId == "FR-E"), Wait, "the campaign's results");
        var results = hub.Observed.Of<CampaignCompleted>().Single(c => c.CampaignId == "FR-E");
        Assert.Equal((6, 4, 1, 1, 1, 1, 1), (results.Customers, results.Reached, results.NotReached, results.Objections, results.FallbackSent, results.DoNotCall, results.OptedOut));
        Assert.Equal([ids[1]], results.ObjectionCustomerIds);
        await Eventually.TrueAsync(() => environment.Oa.Requests.Any(r => r.Path == "/robot/send"), Wait, "the results at the OA robot");
        var robot = environment.Oa.Requests.Single(r => r.Path == "/robot/send").Body!;
        Assert.Contains("接通4户", robot["text"]!["content"]!.GetValue<string>());
        Assert.Contains(ids[1], robot["text"]!["content"]!.GetValue<string>());
        Assert.Equal("marketing-lead", robot["at"]!["atUserIds"]![0]!.GetValue<string>());
        await Eventually.TrueAsync(() => report.Requests.Any(r => r.Path == "/reports/campaigns"), Wait, "the results at the report system");
        Assert.Equal(1, report.Requests.Single().Body!["outcomes"]!["承诺缴费"]!.GetValue<int>());

        // The opt-out holds for the next campaign; both are listed.
        await hub.PostEventAsync("power.campaign-requested", new CampaignRequested("FR-E2", CampaignKinds.FeeReminder, DateTimeOffset.UtcNow, CustomerIds: [ids[2], ids[0]]));
        await Eventually.TrueAsync(() => Tasks().Count == 5, Wait, "the second campaign's call task");
        Assert.Equal([ids[0]], Tasks()[4].Body!["numbers"]!.AsArray().Select(n => n!["customerId"]!.GetValue<string>()));
        // The list is the operator query over campaigns (summaries; kind and state filters; paging).
        var page = (await hub.GetAsync("/api/power/campaigns?kind=fee-reminder&limit=1"))!;
        Assert.True(page["hasMore"]!.GetValue<bool>());
        Assert.Equal("FR-E2", Assert.Single(page["items"]!.AsArray())!["campaignId"]!.GetValue<string>());
        var second = (await hub.GetAsync("/api/power/campaigns?kind=FEE-REMINDER&limit=1&offset=1"))!;
        Assert.False(second["hasMore"]!.GetValue<bool>());
        var first = Assert.Single(second["items"]!.AsArray())!;
        Assert.Equal("FR-E", first["campaignId"]!.GetValue<string>());
        Assert.Null(first["contacts"]);
        Assert.Equal((6, 4, 1, 1, 1), (first["customers"]!.GetValue<int>(), first["reached"]!.GetValue<int>(), first["notReached"]!.GetValue<int>(), first["retried"]!.GetValue<int>(), first["retryBatches"]!.GetValue<int>()));
        Assert.Equal(1, first["outcomes"]!["承诺缴费"]!.GetValue<int>());
        Assert.Empty((await hub.GetAsync("/api/power/campaigns?state=failed"))!["items"]!.AsArray());
        Assert.Empty((await hub.GetAsync("/api/power/campaigns?kind=outage-notice"))!["items"]!.AsArray());
    }
}
