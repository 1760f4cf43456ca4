using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Benchmarks;

/// <param name="Database">Connection string or .sqlite path of the database asked about.</param>
/// <param name="InputPath">JSONL of <c>{"id","question"}</c>; null = the representative set shipped with the tool.</param>
/// <param name="Iterations">Measured passes over the questions for the two translation runs.</param>
/// <param name="AskIterations">Measured passes for the full ask (it runs the SQL, so it is slower).</param>
public sealed record QueryBenchmarkOptions(string Database, string? InputPath, DateOnly AsOf, int Iterations, int AskIterations);

public sealed record QueryBenchmarkResult(
    int Questions,
    int Translated,
    double TranslateP50Ms,
    double TranslateP95Ms,
    double TranslateP99Ms,
    double ColdTranslateP50Ms,
    double BusTranslateP50Ms,
    double BusTranslateP95Ms,
    double AskP50Ms,
    double AskP95Ms)
{
    /// <summary>The share of an answer's p95 that is translation.</summary>
    public double Ratio => TranslateP95Ms / AskP95Ms;
}

/// <summary>
/// <c>hub bench query</c>: per question, the offline text-to-SQL translation alone (<see cref="OfflineTextToSqlEngine"/>
/// called in process: the issue's "≤ 20 ms p95 excluding execution" figure) as the baseline, against the same questions
/// through the embedded hub: the <see cref="TextToSqlRequest"/> over the bus to the reasoning worker (no execution), and
/// the whole <see cref="AskQuestionRequest"/> to the DataQuery plugin (validation, permissions, execution, audit).
/// </summary>
public sealed class QueryBenchmark(QueryBenchmarkOptions options, Func<QueryBenchmarkOptions, CancellationToken, Task<IQueryBenchmarkHub>> startHub, TextWriter log)
{
    public const string ShippedQuestions = "IntegrationHub.Benchmarks.query-questions.jsonl";

    public async Task<QueryBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var questions = await LoadQuestionsAsync(cancellationToken);
        if (questions.Count == 0) throw new InvalidOperationException("No questions to measure.");
        await using var hub = await startHub(options, cancellationToken);
        var requests = questions.Select(q => new TextToSqlRequest(q, hub.Catalog, options.AsOf, hub.SemanticLayer)).ToList();
        log.WriteLine($"{questions.Count} questions ({options.InputPath ?? "shipped set"}), as of {options.AsOf:yyyy-MM-dd}, {hub.Catalog.Dialect} catalog of {hub.Catalog.Tables.Count} tables, semantic layer {(hub.SemanticLayer is null ? "none" : "power-marketing")}");

        var engine = new OfflineTextToSqlEngine();
        foreach (var request in requests)
        {
            engine.Translate(request);
            await hub.TranslateAsync(request, cancellationToken);
            await hub.AskAsync(Ask(request, hub.Source), cancellationToken);
        }

        var translated = requests.Count(r => engine.Translate(r).Error is null);
        var translate = await MeasureAsync(requests, options.Iterations, r =>
        {
            engine.Translate(r);
            return Task.CompletedTask;
        });
        Report("translate (OfflineTextToSqlEngine, in process)", translate, withP99: true);
        // The engine keeps an index per catalog (by content); a fresh engine shows the first question's cost on a new catalog.
        var cold = await MeasureAsync(requests.Take(10).ToList(), 1, r =>
        {
            new OfflineTextToSqlEngine().Translate(r);
            return Task.CompletedTask;
        });
        Report("first question on a new catalog (index build + translate)", cold, withP99: false);
        var busTranslate = await MeasureAsync(requests, options.Iterations, r => hub.TranslateAsync(r, cancellationToken));
        Report("translate over the bus (reasoning worker)", busTranslate, withP99: false);
        var ask = await MeasureAsync(requests, options.AskIterations, r => hub.AskAsync(Ask(r, hub.Source), cancellationToken));
        Report("ask over the bus (DataQuery plugin, incl. SQL execution)", ask, withP99: false);
        log.WriteLine($"{hub.DescribePlugin()}; {translated}/{questions.Count} questions translated to SQL");

        return new QueryBenchmarkResult(questions.Count, translated,
            translate.Percentile(50), translate.Percentile(95), translate.Percentile(99), cold.Percentile(50),
            busTranslate.Percentile(50), busTranslate.Percentile(95),
            ask.Percentile(50), ask.Percentile(95));
    }

    private static AskQuestionRequest Ask(TextToSqlRequest request, string source) => new(request.Question, source, null, request.AsOf);

    private static async Task<LatencyRecorder> MeasureAsync(IReadOnlyList<TextToSqlRequest> requests, int iterations, Func<TextToSqlRequest, Task> run)
    {
        var passes = Math.Max(1, iterations);
        var latency = new LatencyRecorder(requests.Count * passes);
        for (var pass = 0; pass < passes; pass++)
        {
            foreach (var request in requests)
            {
                var started = Stopwatch.GetTimestamp();
                await run(request);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return latency;
    }

    private void Report(string what, LatencyRecorder latency, bool withP99) =>
        log.WriteLine($"  {what,-60} p50 {latency.Percentile(50),8:0.00} ms  p95 {latency.Percentile(95),8:0.00} ms"
            + (withP99 ? $"  p99 {latency.Percentile(99),8:0.00} ms" : "") + $"  ({latency.Count} samples)");

    private async Task<List<string>> LoadQuestionsAsync(CancellationToken cancellationToken)
    {
        string text;
        if (options.InputPath is not null)
        {
            text = await File.ReadAllTextAsync(options.InputPath, cancellationToken);
        }
        else
        {
            await using var stream = typeof(QueryBenchmark).Assembly.GetManifestResourceStream(ShippedQuestions)
                ?? throw new InvalidOperationException($"The tool was built without {ShippedQuestions}.");
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        var questions = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("question", out var q) && q.GetString() is { Length: > 0 } question) questions.Add(question);
        }

        return questions;
    }
}
