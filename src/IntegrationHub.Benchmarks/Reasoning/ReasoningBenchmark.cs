using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Host;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Reasoning;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Benchmarks;

/// <summary>
/// <c>hub bench reasoning [--json]</c>: each offline skill's requests/s and p95 latency through the bus (MassTransit
/// in memory, the embedded default) against calling the same engine in process, in the same run. The last line
/// with <c>--json</c> is one JSON object.
/// </summary>
public static class ReasoningBenchmark
{
    public sealed record Settings(double Seconds = 3, int Clients = 4, bool Json = false);

    public sealed record Measurement(int Requests, double RequestsPerSecond, double P50Ms, double P95Ms);

    public sealed record SkillResult(string Skill, Measurement InProcess, Measurement Bus)
    {
        public double BusThroughputRatio => InProcess.RequestsPerSecond == 0 ? 0 : Bus.RequestsPerSecond / InProcess.RequestsPerSecond;
    }

    public static async Task<IReadOnlyList<SkillResult>> RunAsync(Settings settings, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        // The hub's own bus (WorkerHost), as every process and CLI path composes it; in memory unless configured.
        using var worker = await WorkerHost.StartBusAsync(configuration, [new OfflineReasoningWorker()], cancellationToken);
        try
        {
            var reasoning = worker.Services.GetRequiredService<IReasoningService>();
            var workers = worker.Services.GetRequiredService<IWorkerClient>();
            var results = new List<SkillResult>();

            async Task Measure<TRequest, TReply>(string skill, IReadOnlyList<TRequest> requests, Func<TRequest, Task<TReply>> direct)
                where TRequest : class, IRequest<TReply> where TReply : class
            {
                Task<TReply> OverBus(TRequest r) => workers.RequestAsync<TRequest, TReply>(r, TimeSpan.FromSeconds(30), cancellationToken);
                // Warm both paths (JIT, intent-set compilation, catalog index) before measuring.
                foreach (var r in requests.Take(8)) { await direct(r); await OverBus(r); }
                var inProcess = await LoadAsync(requests, r => direct(r), settings, cancellationToken);
                var overBus = await LoadAsync(requests, OverBus, settings, cancellationToken);
                results.Add(new SkillResult(skill, inProcess, overBus));
            }

            await Measure<ClassifyIntentRequest, ClassifyIntentReply>(ReasoningSkills.ClassifyIntent, IntentRequests, r => reasoning.ClassifyIntentAsync(r, cancellationToken));
            await Measure<SummarizeRequest, SummarizeReply>(ReasoningSkills.Summarize, SummarizeRequests, r => reasoning.SummarizeAsync(r, cancellationToken));
            await Measure<DraftRequest, DraftReply>(ReasoningSkills.Draft, DraftRequests, r => reasoning.DraftAsync(r, cancellationToken));
            await Measure<TextToSqlRequest, TextToSqlReply>(ReasoningSkills.TextToSql, SqlRequests, r => reasoning.TextToSqlAsync(r, null, cancellationToken));

            await output.WriteLineAsync($"reasoning (offline engines), {settings.Clients} clients, {settings.Seconds:0.#} s per run");
            await output.WriteLineAsync($"{"skill",-16} {"in-process req/s",17} {"p95 ms",8} {"bus req/s",10} {"p95 ms",8} {"bus/in-process",15}");
            foreach (var r in results)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Skill,-16} {r.InProcess.RequestsPerSecond,17:0} {r.InProcess.P95Ms,8:0.000} {r.Bus.RequestsPerSecond,10:0} {r.Bus.P95Ms,8:0.000} {r.BusThroughputRatio,15:0.000}"));
            if (settings.Json)
            {
                var json = new
                {
                    benchmark = "reasoning",
                    clients = settings.Clients,
                    seconds = settings.Seconds,
                    bus = worker.Services.GetRequiredService<IOptions<HubOptions>>().Value.Bus.Transport.ToString().ToLowerInvariant(),
                    skills = results.ToDictionary(r => r.Skill, r => new
                    {
                        inProcess = new { requests = r.InProcess.Requests, rps = Math.Round(r.InProcess.RequestsPerSecond, 1), p50Ms = Math.Round(r.InProcess.P50Ms, 3), p95Ms = Math.Round(r.InProcess.P95Ms, 3) },
                        bus = new { requests = r.Bus.Requests, rps = Math.Round(r.Bus.RequestsPerSecond, 1), p50Ms = Math.Round(r.Bus.P50Ms, 3), p95Ms = Math.Round(r.Bus.P95Ms, 3) },
                        busThroughputRatio = Math.Round(r.BusThroughputRatio, 4),
                    }),
                };
                await output.WriteLineAsync(JsonSerializer.Serialize(json, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            return results;
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The reasoning worker with offline engines only: a configured model endpoint would measure the model, not the worker.</summary>
    private sealed class OfflineReasoningWorker : IHubWorkerModule
    {
        public string Role => "reasoning";

        public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
        {
            services.AddReasoningWorker(configuration);
            services.PostConfigure<ReasoningOptions>(o =>
            {
                o.Llm.Endpoint = null;
                foreach (var skill in o.Skills.Values) skill.Endpoint = null;
            });
        }

        public void ConfigureBus(IBusRegistrationConfigurator bus) => bus.AddReasoningConsumers();
    }

    private static async Task<Measurement> LoadAsync<TRequest, TReply>(IReadOnlyList<TRequest> requests, Func<TRequest, Task<TReply>> call, Settings settings, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(settings.Seconds * Stopwatch.Frequency);
        var latencies = new List<double>[settings.Clients];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            // Every client completes at least one call: on a busy machine a client may start after the window closed,
            // and a run with no sample measures nothing.
            var i = c;
            do
            {
                var t = Stopwatch.GetTimestamp();
                await call(requests[i % requests.Count]);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                i += settings.Clients;
            }
            while (Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested);
        }, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(all.Length, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.95));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static readonly ClassifyIntentRequest[] IntentRequests =
    [
        new("嗯那个我昨天就在支付宝上交了", "fee-reminder"),
        new("好的好的 我明天去交", "fee-reminder"),
        new("怎么这么多啊 不可能用这么多", "fee-reminder"),
        new("转人工", "fee-reminder"),
        new("好的知道了 谢谢", "outage-notice"),
        new("怎么又停电啊 我店里还要营业", "outage-notice"),
        new("挺满意的 师傅来得很快", "satisfaction-survey"),
        new("太慢了 等了一下午", "satisfaction-survey"),
    ];

    private static readonly SummarizeRequest[] SummarizeRequests =
    [
        new("zh", Columns: ["城市", "欠费金额"], Rows: [["杭州", 12500.5], ["宁波", 8300], ["温州", 4100], ["嘉兴", 2000]], Subject: "各市欠费"),
        new("en", Columns: ["month", "kwh"], Rows: [["2025-01", 1000], ["2025-02", 800], ["2025-03", 1200]]),
        new("zh", Text: "今日城东变完成 3 条 10kV 线路巡视，发现缺陷 2 处，其中严重缺陷 1 处已安排处理。其余设备运行正常。"),
    ];

    private static readonly DraftRequest[] DraftRequests =
    [
        new("operation-ticket", new Dictionary<string, string> { ["task"] = "运行转检修", ["station"] = "110kV城东变", ["line"] = "10kV城东Ⅰ回", ["breaker"] = "912", ["grounding_switch"] = "9127" }),
        new("work-order-description", new Dictionary<string, string> { ["location"] = "城东变", ["equipment"] = "1号主变", ["defect"] = "油位偏低", ["severity"] = "严重" }),
        new("inspection-report-section", new Dictionary<string, string> { ["section"] = "2号管廊K3+200~K3+800段", ["date"] = "2025-06-03", ["count"] = "1", ["findings"] = "支架锈蚀1处" }),
    ];

    private static readonly DatabaseCatalog Catalog = new("bench", SqlDialects.Sqlite,
    [
        new TableInfo("region", null, "供电区域", [new ColumnInfo("region_id", "INTEGER", null, false), new ColumnInfo("city", "TEXT", "城市", false, ["杭州", "宁波", "温州"])], ["region_id"], []),
        new TableInfo("customer", null, "用电客户", [new ColumnInfo("customer_id", "INTEGER", "客户编号", false), new ColumnInfo("region_id", "INTEGER", null, false), new ColumnInfo("arrears", "REAL", "欠费金额", true)],
            ["customer_id"], [new ForeignKeyInfo("region_id", "region", "region_id")]),
    ], DateTimeOffset.UnixEpoch);

    private static readonly TextToSqlRequest[] SqlRequests =
    [
        new("杭州的客户有多少", Catalog, new DateOnly(2025, 6, 30)),
        new("各城市的欠费金额合计", Catalog, new DateOnly(2025, 6, 30)),
        new("欠费金额最多的5个客户", Catalog, new DateOnly(2025, 6, 30)),
    ];
}
