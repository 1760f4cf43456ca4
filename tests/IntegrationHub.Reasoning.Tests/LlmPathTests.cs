using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>
/// The Semantic Kernel path end to end: the real worker against an OpenAI-compatible HTTP server on 127.0.0.1.
/// </summary>
public sealed class LlmPathTests
{
    internal static readonly DatabaseCatalog Catalog = new("power", SqlDialects.Sqlite,
    [
        new TableInfo("region", null, "供电区域", [new ColumnInfo("region_id", "INTEGER", null, false), new ColumnInfo("city", "TEXT", "城市", false, ["杭州", "宁波"])], ["region_id"], []),
        new TableInfo("customer", null, "用电客户", [new ColumnInfo("customer_id", "INTEGER", null, false), new ColumnInfo("region_id", "INTEGER", null, false), new ColumnInfo("arrears", "REAL", "欠费金额", true)],
            ["customer_id"], [new ForeignKeyInfo("region_id", "region", "region_id")]),
    ], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Classify_intent_through_the_model()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeReply.Json(new { intent = "承诺缴费", confidence = 0.92, slots = new { promise_time = "明天" } }));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress));

        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("那我明天去交吧", "fee-reminder"));

        Assert.Null(reply.Error);
        Assert.Equal("承诺缴费", reply.Intent);
        Assert.Equal(0.92, reply.Confidence);
        Assert.Equal("明天", reply.Slots!["promise_time"]);
        Assert.Equal(ReasoningEngines.Llm, reply.Meta.Engine);
        Assert.Equal("qwen-test", reply.Meta.Model);
        Assert.Equal(100, reply.Meta.PromptTokens);
        Assert.Equal(20, reply.Meta.CompletionTokens);

        var (path, body, headers) = Assert.Single(server.Requests);
        Assert.EndsWith("/v1/chat/completions", path);
        Assert.Equal("Bearer test-key", headers.Authorization.ToString());
        Assert.Equal("qwen-test", body["model"]!.GetValue<string>());
        Assert.Equal("json_object", body["response_format"]!["type"]!.GetValue<string>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("已缴费", Content(messages[0]!));
        Assert.Contains("\"enum\"", Content(messages[0]!));
        Assert.Contains("那我明天去交吧", Content(messages[1]!));
    }

    [Fact]
    public async Task Text_to_sql_calls_the_callers_tools_then_answers()
    {
        await using var server = await FakeOpenAiServer.StartAsync((i, body) => i switch
        {
            0 => FakeReply.Tool("call_1", "sample_values", new { table = "region", column = "city" }),
            1 => FakeReply.Tool("call_2", "run_explain", new { sql = "SELECT SUM(arrears) FROM customer JOIN region USING (region_id) WHERE city = @p0" }),
            _ => FakeReply.Json(new { sql = "SELECT SUM(c.arrears) FROM customer c JOIN region r ON r.region_id = c.region_id WHERE r.city = @p0;", explanation = "杭州客户欠费合计", parameters = new { p0 = "杭州" } }),
        });
        await using var worker = new Worker(Worker.Llm(server.BaseAddress));
        var tools = new RecordingTools();

        var reply = await worker.Service.TextToSqlAsync(new TextToSqlRequest("杭州的欠费总额是多少", Catalog, new DateOnly(2025, 6, 30)), tools);

        Assert.Null(reply.Error);
        Assert.Equal("SELECT SUM(c.arrears) FROM customer c JOIN region r ON r.region_id = c.region_id WHERE r.city = @p0", reply.Sql);
        Assert.Equal("杭州", reply.Parameters!["p0"]);
        Assert.Equal(ReasoningEngines.Llm, reply.Meta.Engine);
        Assert.Equal(["sample_values region.city", "run_explain SELECT SUM(arrears) FROM customer JOIN region USING (region_id) WHERE city = @p0"], tools.Calls);

        var requests = server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        var toolNames = requests[0].Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["run_explain", "sample_values"], toolNames);
        // The tool results went back to the model, tied to their calls.
        var toolMessages = requests[2].Body["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").ToList();
        Assert.Equal(["call_1", "call_2"], toolMessages.Select(m => m!["tool_call_id"]!.GetValue<string>()));
        Assert.Contains("杭州", Content(toolMessages[0]!));
        Assert.Contains("SCAN customer", Content(toolMessages[1]!));
        Assert.Contains("region", Content(requests[0].Body["messages"]![1]!));
        Assert.Equal(300, reply.Meta.PromptTokens);
    }

    [Fact]
    public async Task Malformed_json_reply_is_repaired_in_one_round()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeReply.Text("好的，这是结果：{\"summary\": \"杭州欠费最多\","),
            FakeReply.Text("```json\n{\"summary\": \"杭州欠费最多，共 3 个城市。\"}\n```"));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress));

        var reply = await worker.Service.SummarizeAsync(new SummarizeRequest("zh", Columns: ["city", "arrears"], Rows: [["杭州", 300], ["宁波", 200], ["温州", 100]]));

        Assert.Null(reply.Error);
        Assert.Equal("杭州欠费最多，共 3 个城市。", reply.Summary);
        Assert.Equal(2, server.Calls);
        var repair = server.Requests.Last().Body["messages"]!.AsArray();
        Assert.Equal("assistant", repair[^2]!["role"]!.GetValue<string>());
        Assert.Contains("not valid JSON", Content(repair[^1]!));
        Assert.Equal(200, reply.Meta.PromptTokens);
    }

    [Fact]
    public async Task Schema_violation_twice_is_a_clear_error()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeReply.Json(new { title = "操作票" }));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress));

        var reply = await worker.Service.DraftAsync(new DraftRequest("work-order-description", new Dictionary<string, string> { ["location"] = "城东变", ["equipment"] = "1号主变", ["defect"] = "油位偏低" }));

        Assert.Equal(2, server.Calls);
        Assert.Equal("llm.invalid-output", reply.Error!.Code);
        Assert.Contains("missing required property 'body'", reply.Error.Message);
        Assert.Null(reply.Body);
        Assert.Equal(ReasoningEngines.Llm, reply.Meta.Engine);
        Assert.False(reply.Meta.FellBack);
    }

    [Fact]
    public async Task Retries_429_with_backoff_then_answers()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            new FakeReply(429, RetryAfter: "0"),
            new FakeReply(429),
            FakeReply.Json(new { summary = "ok" }));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress));
        using var retries = new MetricRecorder(worker, "reasoning.llm.retries");

        var reply = await worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: "All good."));

        Assert.Null(reply.Error);
        Assert.Equal("ok", reply.Summary);
        Assert.Equal(3, server.Calls);
        Assert.Equal(2, retries.Sum);
    }

    [Fact]
    public async Task Rate_limited_past_retries_falls_back_to_offline()
    {
        await using var server = await FakeOpenAiServer.StartAsync(new FakeReply(429));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress, ("Reasoning:Llm:MaxRetries", "1")));

        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("转人工", "satisfaction-survey"));

        Assert.Equal(2, server.Calls);
        Assert.Equal("转人工", reply.Intent);
        Assert.Equal(ReasoningEngines.Offline, reply.Meta.Engine);
        Assert.True(reply.Meta.FellBack);
    }

    [Fact]
    public async Task Request_timeout_is_an_error_without_fallback_and_offline_with_it()
    {
        await using var server = await FakeOpenAiServer.StartAsync(new FakeReply(Delay: TimeSpan.FromSeconds(30), Content: "{}"));
        var settings = Worker.Llm(server.BaseAddress, ("Reasoning:Llm:TimeoutSeconds", "0.5"), ("Reasoning:Llm:MaxRetries", "0"), ("Reasoning:FallbackToOffline", "false"));
        await using (var strict = new Worker(settings))
        {
            var started = DateTime.UtcNow;
            var reply = await strict.Service.SummarizeAsync(new SummarizeRequest("zh", Text: "今天城东变完成了 3 条线路的巡视。"));
            Assert.Equal("llm.timeout", reply.Error!.Code);
            Assert.Null(reply.Summary);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        }

        settings["Reasoning:FallbackToOffline"] = "true";
        await using var lenient = new Worker(settings);
        var fallback = await lenient.Service.SummarizeAsync(new SummarizeRequest("zh", Text: "今天城东变完成了 3 条线路的巡视。"));
        Assert.Null(fallback.Error);
        Assert.Equal("今天城东变完成了 3 条线路的巡视。", fallback.Summary);
        Assert.Equal(ReasoningEngines.Offline, fallback.Meta.Engine);
        Assert.True(fallback.Meta.FellBack);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            new FakeReply(Delay: TimeSpan.FromSeconds(30), Content: "{}"),
            FakeReply.Json(new { summary = "second attempt" }));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress, ("Reasoning:Llm:AttemptTimeoutSeconds", "0.5")));

        var reply = await worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: "x"));

        Assert.Equal("second attempt", reply.Summary);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task Circuit_opens_after_server_errors_and_stops_calling_the_endpoint()
    {
        await using var server = await FakeOpenAiServer.StartAsync(new FakeReply(503));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress,
            ("Reasoning:Llm:MaxRetries", "0"), ("Reasoning:FallbackToOffline", "false"),
            ("Reasoning:CircuitBreaker:MinimumThroughput", "3"), ("Reasoning:CircuitBreaker:BreakSeconds", "30")));
        using var opened = new MetricRecorder(worker, "reasoning.llm.circuit_opened");

        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
            codes.Add((await worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: "x"))).Error!.Code);

        Assert.Equal(["llm.server-error", "llm.server-error", "llm.server-error", "llm.circuit-open", "llm.circuit-open"], codes);
        Assert.Equal(3, server.Calls);
        Assert.Equal(1, opened.Sum);

        // Another skill on the same endpoint shares the breaker; with fallback on it is answered offline.
        var intent = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("好的知道了", "outage-notice"));
        Assert.Equal("llm.circuit-open", intent.Error!.Code);
        Assert.Equal(3, server.Calls);
    }

    [Fact]
    public async Task Concurrency_per_endpoint_is_capped()
    {
        await using var server = await FakeOpenAiServer.StartAsync(new FakeReply(Delay: TimeSpan.FromMilliseconds(200), Content: "{\"summary\":\"ok\"}"));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress, ("Reasoning:Llm:MaxConcurrency", "2")));

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: $"text {i}"))));

        Assert.All(replies, r => Assert.Equal("ok", r.Summary));
        Assert.Equal(8, server.Calls);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task Unreachable_endpoint_falls_back_to_offline()
    {
        var port = FreePort();
        await using var worker = new Worker(Worker.Llm(new Uri($"http://127.0.0.1:{port}/v1/"), ("Reasoning:Llm:MaxRetries", "1")));

        var reply = await worker.Service.DraftAsync(new DraftRequest("operation-ticket", new Dictionary<string, string>
        {
            ["task"] = "运行转检修", ["station"] = "110kV城东变", ["line"] = "城东Ⅰ回", ["breaker"] = "912", ["grounding_switch"] = "9127",
        }));

        Assert.Null(reply.Error);
        Assert.Equal(ReasoningEngines.Offline, reply.Meta.Engine);
        Assert.True(reply.Meta.FellBack);
        Assert.Contains("合上城东Ⅰ回线9127接地刀闸", string.Join("\n", reply.Steps!));
    }

    [Fact]
    public async Task Azure_provider_uses_the_v1_surface_and_api_key_header()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeReply.Json(new { summary = "ok" }));
        var root = new Uri(server.BaseAddress, "/");
        await using var worker = new Worker(Worker.Llm(root, ("Reasoning:Llm:Provider", "azure"), ("Reasoning:Llm:Model", "gpt-4o-mini-deploy")));

        var reply = await worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: "x"));

        Assert.Null(reply.Error);
        var (path, body, headers) = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", path);
        Assert.Equal("test-key", headers["api-key"].ToString());
        Assert.Empty(headers.Authorization.ToString());
        Assert.Equal("gpt-4o-mini-deploy", body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Per_skill_settings_override_the_defaults_and_tokens_are_metered()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeReply.Json(new { summary = "ok" }));
        await using var worker = new Worker(Worker.Llm(server.BaseAddress,
            ("Reasoning:Skills:summarize:Model", "small-model"), ("Reasoning:Skills:summarize:MaxTokens", "256"), ("Reasoning:Skills:summarize:Temperature", "0.2")));
        using var tokens = new MetricRecorder(worker, "reasoning.llm.tokens");
        using var cost = new MetricRecorder(worker, "reasoning.llm.cost");

        await worker.Service.SummarizeAsync(new SummarizeRequest("en", Text: "x"));

        var body = Assert.Single(server.Requests).Body;
        Assert.Equal("small-model", body["model"]!.GetValue<string>());
        Assert.Equal(256, (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>());
        Assert.Equal(0.2, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(120, tokens.Sum);
        Assert.Equal(100 / 1000.0 * 0.002 + 20 / 1000.0 * 0.006, cost.Sum, 9);
    }

    internal static string Content(JsonNode message) => message["content"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };

    internal static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    internal sealed class RecordingTools : ITextToSqlTools
    {
        public ConcurrentQueue<string> CallQueue { get; } = new();

        public IReadOnlyList<string> Calls => [.. CallQueue];

        public Task<IReadOnlyList<string>> SampleValuesAsync(string table, string column, CancellationToken cancellationToken)
        {
            CallQueue.Enqueue($"sample_values {table}.{column}");
            return Task.FromResult<IReadOnlyList<string>>(["杭州", "宁波", "温州"]);
        }

        public Task<string> ExplainAsync(string sql, CancellationToken cancellationToken)
        {
            CallQueue.Enqueue($"run_explain {sql}");
            return Task.FromResult("SCAN customer\nSEARCH region USING INTEGER PRIMARY KEY (rowid=?)");
        }

        public Task<QueryResult> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken) =>
            throw new NotSupportedException("these tools only describe the database");
    }
}

/// <summary>
/// Sums one instrument of one worker's <c>IntegrationHub.Reasoning</c> meter while alive. Scoped to that worker's
/// meter factory because tests in other classes run in parallel and publish on a meter of the same name.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private double sum;

    public MetricRecorder(Worker worker, string instrument)
    {
        var scope = worker.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Scope == scope && i.Meter.Name == ReasoningMetrics.MeterName && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => Add(v));
        listener.SetMeasurementEventCallback<double>((_, v, _, _) => Add(v));
        listener.Start();
    }

    public double Sum => Volatile.Read(ref sum);

    private void Add(double v)
    {
        double initial, computed;
        do
        {
            initial = sum;
            computed = initial + v;
        }
        while (Interlocked.CompareExchange(ref sum, computed, initial) != initial);
    }

    public void Dispose() => listener.Dispose();
}
