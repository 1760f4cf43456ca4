using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Benchmarks;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DemoData;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench query [--input Q.jsonl] [--db …] [--iterations N] [--json]</c> (see <see cref="QueryBenchmark"/>).</summary>
public static class BenchQueryCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "JSONL of {\"id\",\"question\"} (default: the representative set shipped with the tool)." };
        var db = new Option<string?>("--db") { Description = "Database asked about, as for hub ask (default: the demo database under data/)." };
        var asOf = new Option<string?>("--as-of") { Description = "yyyy-MM-dd that relative dates count from (default: the demo data's 2025-06-18)." };
        var iterations = new Option<int>("--iterations") { Description = "Measured passes over the questions for translation.", DefaultValueFactory = _ => 20 };
        var askIterations = new Option<int>("--ask-iterations") { Description = "Measured passes for the full ask (runs the SQL).", DefaultValueFactory = _ => 2 };
        var json = CliOptions.Json();
        var command = new Command("query", "Offline text-to-SQL translation alone vs the same questions through the embedded hub's bus.")
        {
            input, db, asOf, iterations, askIterations, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var date = PowerMarketingDatabase.AsOf;
            if (parse.GetValue(asOf) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                Console.Error.WriteLine($"--as-of must be yyyy-MM-dd, not '{text}'.");
                return 2;
            }

            var database = parse.GetValue(db);
            if (database is null)
            {
                var path = Path.GetFullPath(Path.Combine("data", "power-marketing.sqlite"));
                if (PowerMarketingDatabase.EnsureCreated(path)) Console.Error.WriteLine($"Created the demo database {path}.");
                database = $"Data Source={path}";
            }

            var options = new QueryBenchmarkOptions(database, parse.GetValue(input), date, parse.GetValue(iterations), parse.GetValue(askIterations));
            var result = await new QueryBenchmark(options, EmbeddedBenchmarkHub.StartAsync, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine($"translate p95 {result.TranslateP95Ms:0.00} ms (target ≤ 20 ms: {(result.TranslateP95Ms <= 20 ? "met" : "not met")}) vs ask p95 {result.AskP95Ms:0.00} ms: ratio {result.Ratio:0.000}");
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
                {
                    ["questions"] = result.Questions,
                    ["translated"] = result.Translated,
                    ["translate_p50_ms"] = Math.Round(result.TranslateP50Ms, 3),
                    ["translate_p95_ms"] = Math.Round(result.TranslateP95Ms, 3),
                    ["translate_p99_ms"] = Math.Round(result.TranslateP99Ms, 3),
                    ["translate_cold_p50_ms"] = Math.Round(result.ColdTranslateP50Ms, 3),
                    ["bus_translate_p50_ms"] = Math.Round(result.BusTranslateP50Ms, 3),
                    ["bus_translate_p95_ms"] = Math.Round(result.BusTranslateP95Ms, 3),
                    ["ask_p50_ms"] = Math.Round(result.AskP50Ms, 3),
                    ["ask_p95_ms"] = Math.Round(result.AskP95Ms, 3),
                    ["ratio"] = Math.Round(result.Ratio, 4),
                }));
            }

            return 0;
        });
        return command;
    }

    /// <summary>An ask session (embedded hub with DataQuery) as the query benchmark sees it.</summary>
    private sealed class EmbeddedBenchmarkHub(AskSession hub) : IQueryBenchmarkHub
    {
        public string Source => AskSession.Source;

        public DatabaseCatalog Catalog => hub.Catalog;

        public SemanticLayer? SemanticLayer => hub.SemanticLayer;

        public static async Task<IQueryBenchmarkHub> StartAsync(QueryBenchmarkOptions options, CancellationToken cancellationToken) =>
            new EmbeddedBenchmarkHub(await AskSession.StartAsync(new AskSessionOptions(options.Database, null, 1000, Environment.UserName), cancellationToken));

        public Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken) => hub.TranslateAsync(request, cancellationToken);

        public Task<AskQuestionReply> AskAsync(AskQuestionRequest request, CancellationToken cancellationToken) => hub.AskAsync(request, cancellationToken);

        public string DescribePlugin() => hub.DescribePlugin();

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
