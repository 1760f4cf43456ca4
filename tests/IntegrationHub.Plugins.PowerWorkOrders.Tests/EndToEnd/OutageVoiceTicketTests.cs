using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Issue 6: a 500-customer outage plan through the voice platform; a voice-bot conversation; tickets rejected and accepted.</summary>
public sealed class OutageVoiceTicketTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Outage_plan_of_500_customers_is_called_in_the_window_at_the_rate_and_summarised(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);

        // The calling window opens 3 s from now and the rate allows a batch of 50 per second.
        var now = DateTimeOffset.UtcNow;
        var window = CallingWindow.OpeningIn(now, TimeSpan.FromSeconds(3));
        var customers = new CustomerSource(500);
        await using var hub = await StartWithCallingWindowAsync(environment, window, callsPerMinute: 3000, customers);

        var plan = new OutagePlanPublished("P-500", "10kV城东线", now.AddDays(2), now.AddDays(2).AddHours(8), "线路检修", now, "西湖区");
        await hub.PostEventAsync("power.outage-plan-published", plan);

        await Eventually.TrueAsync(() => environment.Voice.Requests.Count(r => r.Path == "/voice/call-tasks") == 10, Wait, "ten call tasks at the voice platform");
        var tasks = environment.Voice.Requests.Where(r => r.Path == "/voice/call-tasks").ToList();
        Assert.Equal(500, tasks.Sum(t => t.Body!["numbers"]!.AsArray().Count));
        Assert.Equal(500, tasks.SelectMany(t => t.Body!["numbers"]!.AsArray().Select(n => n!["phone"]!.GetValue<string>())).Distinct().Count());
        Assert.All(tasks, t => Assert.True(t.Body!["numbers"]!.AsArray().Count <= 50));
        Assert.All(tasks, t => Assert.Equal(window.Start.ToString(@"hh\:mm"), t.Body!["callingWindow"]!["start"]!.GetValue<string>()));
        Assert.Equal("10kV城东线", customers.LastValue); // the feeder's customers (the district only when no grid element is named)

        // Results as the platform sends them: one signed callback per task, 50 results each.
        var index = 0;
        foreach (var task in tasks)
        {
            var results = new JsonArray();
            foreach (var number in task.Body!["numbers"]!.AsArray())
            {
                var i = index++;
                var (status, intent) = i < 390 ? ("answered", "知晓") : i < 400 ? ("answered", "有异议") : ("no-answer", null);
                results.Add(new JsonObject
                {
                    ["callId"] = $"call-{i}",
                    ["taskId"] = task.Body["taskId"]!.GetValue<string>(),
                    ["phone"] = number!["phone"]!.GetValue<string>(),
                    ["dialStatus"] = status,
                    ["durationSeconds"] = status == "answered" ? 40 : 0,
                    ["intent"] = intent,
                    ["attempt"] = status == "answered" ? 1 : 3,
                    ["final"] = true,
                });
            }

            await hub.CallbackAsync("/callbacks/voicebot/call-result", results);
        }

        await Eventually.TrueAsync(() => hub.Observed.Of<OutageNoticeSummary>().Any(s => s.PlanId == "P-500"), Wait, "the outage summary");
        var summary = hub.Observed.Of<OutageNoticeSummary>().Single(s => s.PlanId == "P-500");
        Assert.Equal((500, 400, 100, 10, 100, false), (summary.Customers, summary.Reached, summary.NotReached, summary.Objections, summary.FallbackSent, summary.PlanCancelled));
        await Eventually.TrueAsync(() => environment.Sms.Requests.Count == 100, Wait, "100 fallback notices at the SMS gateway");
        Assert.Equal(100, environment.Sms.Requests.Select(r => r.Body!["phone"]!.GetValue<string>()).Distinct().Count());

        // The window and the rate, as the platform saw them.
        var arrivals = tasks.Select(t => t.At).Order().ToList();
        // Batch i may go no earlier than its slot (window opening + i × 50 numbers at 3000/min), so at no time are more numbers out than the rate allows.
        var opens = window.Opens;
        Assert.All(arrivals.Select((at, i) => (at, i)), a => Assert.True(
            a.at >= opens + TimeSpan.FromSeconds(a.i) - TimeSpan.FromMilliseconds(50),
            $"batch {a.i} at {a.at:HH:mm:ss.fff}, its slot {opens + TimeSpan.FromSeconds(a.i):HH:mm:ss.fff}"));
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Cancelling_an_outage_plan_cancels_the_calls_handed_over_and_those_still_pending(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);
        var now = DateTimeOffset.UtcNow;
        var window = CallingWindow.OpeningIn(now, TimeSpan.FromSeconds(2));
        await using var hub = await StartWithCallingWindowAsync(environment, window, callsPerMinute: 300, new CustomerSource(200)); // one batch every 10 s

        await hub.PostEventAsync("power.outage-plan-published", new OutagePlanPublished("P-X", "10kV城西线", now.AddDays(1), now.AddDays(1).AddHours(4), "检修", now, "西湖区"));
        await Eventually.TrueAsync(() => environment.Voice.Requests.Count(r => r.Path == "/voice/call-tasks") == 1, Wait, "the first batch at the voice platform");
        await hub.PostEventAsync("power.outage-plan-cancelled", new OutagePlanCancelled("P-X", "计划取消", DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => environment.Voice.Requests.Any(r => r.Path == "/voice/call-tasks/P-X-b0/cancel"), Wait, "the handed-over task cancelled");
        await Eventually.TrueAsync(() => hub.Observed.Of<OutageNoticeSummary>().Any(s => s.PlanId == "P-X"), Wait, "the summary of the cancelled plan");
        var summary = hub.Observed.Of<OutageNoticeSummary>().Single(s => s.PlanId == "P-X");
        Assert.True(summary.PlanCancelled);
        Assert.Equal(200, summary.CancelledCalls);
        await Task.Delay(TimeSpan.FromSeconds(12)); // past the second batch's slot: nothing more goes out
        Assert.Single(environment.Voice.Requests, r => r.Path == "/voice/call-tasks");
        Assert.Empty(environment.Sms.Requests);
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Voice_bot_conversation_and_operation_tickets_use_the_reasoning_worker(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);
        await using var hub = await environment.StartHubAsync();

        async Task<JsonNode> Turn(int turn, string? text, bool bargeIn = false)
        {
            var response = await hub.Client.PostAsync("/api/voicebot/turn", Json(new { callId = "live-1", script = "fee-reminder", turn, text, bargeIn }));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        var greeting = await Turn(0, null);
        var unclear = await Turn(1, "喂喂，信号不好");
        var promise = await Turn(2, "好的我明天就去交", bargeIn: true);
        Assert.Equal("continue", greeting["action"]!.GetValue<string>());
        Assert.Equal("continue", unclear["action"]!.GetValue<string>());
        Assert.Equal("hangup", promise["action"]!.GetValue<string>());
        Assert.Equal("承诺缴费", promise["intent"]!.GetValue<string>());
        Assert.Equal("promised-to-pay", promise["outcome"]!.GetValue<string>());
        var call = (await hub.GetAsync("/api/voicebot/calls/live-1"))!;
        Assert.Equal(3, call["turns"]!.AsArray().Count);
        Assert.Equal("offline", call["turns"]![2]!["engine"]!.GetValue<string>());
        await Eventually.TrueAsync(() => hub.Observed.Of<VoiceCallCompleted>().Any(c => c.CallId == "live-1"), Wait, "VoiceCallCompleted on the bus");

        // A draft missing the voltage check is rejected and never sent; the reasoning worker's own draft passes and goes to approval.
        var bad = await hub.Client.PostAsync("/api/power/operation-tickets", Json(new
        {
            ticketId = "OT-bad", station = "城东变", line = "10kV城东线", breaker = "901", task = "运行转检修",
            steps = new[] { "拉开10kV城东线901开关", "将10kV城东线901开关手车由“工作”位置摇至“试验”位置", "合上10kV城东线9016接地刀闸" },
        }));
        Assert.Equal(422, (int)bad.StatusCode);
        var badResult = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Contains("step 3 (合上10kV城东线9016接地刀闸): grounds line without a voltage verification on line first", badResult["problems"]!.AsArray().Select(p => p!.GetValue<string>()));

        // A task no template knows is marked for manual review, never sent.
        var unknown = await hub.Client.PostAsync("/api/power/operation-tickets", Json(new
        {
            ticketId = "OT-unknown", station = "城东变", line = "10kV城东线", breaker = "901", task = "线路停电",
            steps = new[] { "在10kV城东线线路侧验明三相确无电压", "合上10kV城东线9016接地刀闸", "拉开10kV城东线901开关" },
        }));
        Assert.Equal(422, (int)unknown.StatusCode);
        Assert.Equal("manual-review", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        var good = await hub.Client.PostAsync("/api/power/operation-tickets", Json(new
        {
            ticketId = "OT-good", station = "城东变", line = "10kV城东", breaker = "901", task = "运行转检修", groundingSwitch = "9016", approver = "li.si",
        }));
        Assert.True(good.StatusCode == System.Net.HttpStatusCode.Accepted, await good.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => environment.Oa.Requests.Any(r => r.Path == "/oa/approvals"), Wait, "the approval request at the OA");
        var approval = Assert.Single(environment.Oa.Requests, r => r.Path == "/oa/approvals");
        Assert.Equal("OT-good", approval.Body!["referenceId"]!.GetValue<string>());
        Assert.True(approval.Body["steps"]!.AsArray().Count >= 8);
        Assert.Equal("line-to-maintenance", approval.Body["template"]!.GetValue<string>());
        Assert.All(approval.Body["steps"]!.AsArray(), s => Assert.DoesNotMatch(@"^\d|线线|开关开关", s!["text"]!.GetValue<string>()));

        await Eventually.TrueAsync(async () => (await hub.GetAsync("/api/power/operation-tickets/OT-good"))?["approvalInstanceId"]?.GetValue<string>() == PowerHubEnvironment.OaInstance, Wait, "the OA instance recorded");
        await hub.CallbackAsync("/callbacks/oa/approval", new JsonObject { ["instanceId"] = "PROC-other", ["referenceId"] = "OT-good", ["decision"] = "rejected", ["approver"] = "mallory" });
        await hub.CallbackAsync("/callbacks/oa/approval", new JsonObject { ["instanceId"] = PowerHubEnvironment.OaInstance, ["referenceId"] = "OT-good", ["decision"] = "approved", ["approver"] = "li.si" });
        await Eventually.TrueAsync(async () => (await hub.GetAsync("/api/power/operation-tickets/OT-good"))?["status"]?.GetValue<string>() == "approved", Wait, "the ticket approved");
        Assert.Equal("rejected-by-rules", (await hub.GetAsync("/api/power/operation-tickets/OT-bad"))!["status"]!.GetValue<string>());
        Assert.DoesNotContain(environment.Oa.Requests, r => r.Body?["referenceId"]?.GetValue<string>() is "OT-bad" or "OT-unknown");

        // The bay's state after the work, as the dispatcher reports it; the back-to-service ticket starts from it.
        Assert.Equal(400, (int)(await hub.Client.PutAsync("/api/power/bays/城东变-901/state", Json(new { positions = new Dictionary<string, string> { ["901"] = "racked" } }))).StatusCode);
        var reported = await hub.Client.PutAsync("/api/power/bays/城东变-901/state", Json(new { positions = new Dictionary<string, string> { ["901"] = "open", ["901手车"] = "test", ["9016"] = "closed" } }));
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        Assert.Equal("closed", (await hub.GetAsync("/api/power/bays/城东变-901/state"))!["positions"]!["9016"]!.GetValue<string>());
        var back = await hub.Client.PostAsync("/api/power/operation-tickets", Json(new
        {
            ticketId = "OT-back", station = "城东变", line = "10kV城东线", breaker = "901", task = "检修转运行",
            steps = new[] { "拉开10kV城东线9016接地刀闸", "将10kV城东线901开关手车由“试验”位置摇至“工作”位置", "合上10kV城东线901开关" },
        }));
        Assert.True(back.StatusCode == System.Net.HttpStatusCode.Accepted, await back.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => environment.Oa.Requests.Any(r => r.Body?["referenceId"]?.GetValue<string>() == "OT-back"), Wait, "the back-to-service ticket at the OA");
    }

    /// <summary>A hub whose outage calls go out in <paramref name="window"/>, in batches of 50.</summary>
    private static Task<PowerHub> StartWithCallingWindowAsync(PowerHubEnvironment environment, CallingWindow window, int callsPerMinute, IDataSources customers) =>
        environment.StartHubAsync(
            new Dictionary<string, string?>(window.Settings("Plugins:PowerWorkOrders:Outage:"))
            {
                ["Plugins:PowerWorkOrders:Outage:BatchSize"] = "50",
                ["Plugins:PowerWorkOrders:Outage:CallsPerMinute"] = callsPerMinute.ToString(),
            },
            services => services.AddSingleton(customers));

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>The customer database: <paramref name="count"/> customers of the outage's district.</summary>
    private sealed class CustomerSource(int count) : IDataSources
    {
        public string? LastValue { get; private set; }

        public IReadOnlyList<DataSourceInfo> List() => [new DataSourceInfo("power-marketing", "sqlite", "sqlite", 20000, TimeSpan.FromSeconds(30))];

        public Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default)
        {
            LastValue = parameters?["v0"] as string;
            return Task.FromResult(new QueryResult(
                ["customer_id", "name", "phone"],
                Enumerable.Range(1, count).Select(i => (IReadOnlyList<object?>)[$"33{i:D8}", $"客户{i}", $"1390000{i:D4}"]).ToList(),
                false,
                TimeSpan.Zero));
        }
    }
}
