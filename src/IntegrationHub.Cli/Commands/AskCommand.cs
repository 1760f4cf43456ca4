using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.DemoData;
using IntegrationHub.Host;
using IntegrationHub.Plugins.DataQuery;
using IntegrationHub.Reasoning.TextToSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub ask "question" --db … --as-of … [--chart out.svg|out.png]</c> prints the answer as a table;
/// <c>hub ask --db … --as-of … --input Q.jsonl --output A.jsonl</c> answers a file of <c>{"id","question"}</c> lines
/// with <c>{"id","sql","columns","rows","error"}</c> lines, in order, and exits 0 even when some fail.
/// The DataQuery pipeline (validation, permissions, read-only execution) runs in this process with the offline
/// text-to-SQL engine; <c>--db</c> takes a SQLite file/connection string or a PostgreSQL connection string.
/// </summary>
public static class AskCommand
{
    private const string Source = "cli";

    private static readonly JsonSerializerOptions JsonLine = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Command Create()
    {
        var question = new Argument<string?>("question") { Description = "The question (omit with --input).", Arity = ArgumentArity.ZeroOrOne };
        var db = new Option<string?>("--db") { Description = "\"Data Source=FILE.sqlite\", a .sqlite path, or a PostgreSQL connection string (default: the demo database under data/)." };
        var asOf = new Option<string?>("--as-of") { Description = "yyyy-MM-dd that relative dates count from (default: today)." };
        var input = new Option<string?>("--input") { Description = "JSONL of {\"id\",\"question\"} to answer in batch." };
        var output = new Option<string?>("--output") { Description = "JSONL answers for --input (default: standard output)." };
        var semanticLayer = new Option<string?>("--semantic-layer") { Description = "Semantic layer YAML/JSON (default: the shipped power-marketing layer when the schema matches)." };
        var chart = new Option<string?>("--chart") { Description = "Write a chart of the answer to this file (.svg, or .png)." };
        var user = new Option<string?>("--user") { Description = "Whose permissions apply (Plugins:DataQuery:Access in appsettings)." };
        var maxRows = new Option<int>("--max-rows") { Description = "Rows to return at most.", DefaultValueFactory = _ => 1000 };
        var json = CliOptions.Json();
        var command = new Command("ask", "Ask a question about a database in Chinese or English; answered with safe, read-only SQL.")
        {
            question, db, asOf, input, output, semanticLayer, chart, user, maxRows, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateOnly? date = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    Console.Error.WriteLine($"--as-of must be yyyy-MM-dd, not '{text}'.");
                    return 2;
                }

                date = d;
            }

            AskSession session;
            try
            {
                session = await AskSession.OpenAsync(parse.GetValue(db), parse.GetValue(semanticLayer), parse.GetValue(maxRows), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database could not be opened or read: every question fails alike; say so once, and per id in batch mode.
                Console.Error.WriteLine($"Cannot ask {parse.GetValue(db) ?? "the demo database"}: {e.Message}");
                if (parse.GetValue(input) is { } failedInput) await AskSession.WriteFailuresAsync(failedInput, parse.GetValue(output), e.Message, cancellationToken);
                return 1;
            }

            if (parse.GetValue(input) is { } inputPath)
            {
                return await session.BatchAsync(inputPath, parse.GetValue(output), date, parse.GetValue(user), cancellationToken);
            }

            if (parse.GetValue(question) is not { Length: > 0 } q)
            {
                Console.Error.WriteLine("Give a question, or --input FILE.jsonl.");
                return 2;
            }

            return await session.AskOneAsync(q, date, parse.GetValue(user), parse.GetValue(chart), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    /// <summary>One database, its catalog and semantic layer, and the pipeline over them.</summary>
    private sealed class AskSession(AskPipeline pipeline, string dialect)
    {
        public static async Task<AskSession> OpenAsync(string? db, string? semanticLayerPath, int maxRows, CancellationToken cancellationToken)
        {
            if (db is null)
            {
                var path = Path.GetFullPath(Path.Combine("data", "power-marketing.sqlite"));
                if (PowerMarketingDatabase.EnsureCreated(path)) Console.Error.WriteLine($"Created the demo database {path}.");
                db = $"Data Source={path}";
            }

            var options = DataSourceOptions.FromConnectionString(db);
            options.RowLimit = Math.Max(1, maxRows);
            var registry = new DataSourceRegistry();
            registry.Register(Source, options);
            var catalog = await registry.GetCatalogAsync(Source, false, cancellationToken);
            SemanticLayer? layer = null;
            if (semanticLayerPath is not null)
            {
                layer = SemanticLayerLoader.LoadFile(semanticLayerPath);
            }
            else if (SemanticLayerLoader.LoadShipped("power-marketing") is { } shipped && SemanticLayerLoader.Matches(shipped, catalog))
            {
                layer = shipped;
            }

            registry.SetSemanticLayer(Source, layer);
            var pipelineOptions = new DataQueryOptions { DefaultSource = Source, RowLimit = options.RowLimit, DefaultUser = Environment.UserName };
            var configured = PerceiveCommand.Configuration([], null).GetSection("Plugins:DataQuery:Access");
            if (configured.Exists())
            {
                pipelineOptions.Access = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<AccessOptions>(configured) ?? new AccessOptions();
            }

            return new AskSession(new AskPipeline(registry, new InProcessTextToSql(), new NoStore(), pipelineOptions), catalog.Dialect);
        }

        public static async Task WriteFailuresAsync(string inputPath, string? outputPath, string error, CancellationToken cancellationToken)
        {
            await using var writer = outputPath is null ? Console.Out : new StreamWriter(outputPath, false, new UTF8Encoding(false));
            foreach (var line in await File.ReadAllLinesAsync(inputPath, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                string? id = null;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    id = doc.RootElement.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
                }
                catch (JsonException)
                {
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(new { id, sql = (string?)null, columns = Array.Empty<string>(), rows = Array.Empty<object>(), error }, JsonLine));
            }
        }

        public async Task<int> BatchAsync(string inputPath, string? outputPath, DateOnly? asOf, string? user, CancellationToken cancellationToken)
        {
            await using var writer = outputPath is null ? Console.Out : new StreamWriter(outputPath, false, new UTF8Encoding(false));
            var watch = Stopwatch.StartNew();
            int total = 0, failed = 0;
            foreach (var line in await File.ReadAllLinesAsync(inputPath, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                total++;
                string? id = null;
                object answer;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    id = doc.RootElement.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
                    var q = doc.RootElement.TryGetProperty("question", out var qElement) ? qElement.GetString() ?? "" : "";
                    var reply = await pipeline.AskAsync(new AskQuestionRequest(q, Source, user, asOf), "cli", cancellationToken);
                    if (reply.Error is not null) failed++;
                    answer = new { id, sql = reply.Sql, columns = reply.Columns, rows = reply.Rows, error = reply.Error is null ? null : $"{reply.Error.Code}: {reply.Error.Message}" };
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    answer = new { id, sql = (string?)null, columns = Array.Empty<string>(), rows = Array.Empty<object>(), error = e.Message };
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(answer, JsonLine));
            }

            Console.Error.WriteLine($"{total} questions, {total - failed} answered, {failed} not, in {watch.Elapsed.TotalSeconds:0.0} s ({dialect}).");
            return 0;
        }

        public async Task<int> AskOneAsync(string question, DateOnly? asOf, string? user, string? chartPath, bool json, CancellationToken cancellationToken)
        {
            var reply = await pipeline.AskAsync(new AskQuestionRequest(question, Source, user, asOf, null, chartPath is not null), "cli", cancellationToken);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(reply with { Chart = reply.Chart is null ? null : reply.Chart with { Svg = null, Png = null } }, JsonLine));
            }
            else if (reply.Error is not null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{reply.Error.Code}[/]: {reply.Error.Message}");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]{reply.Sql}[/]");
                var table = new Table();
                foreach (var c in reply.Columns) table.AddColumn(Markup.Escape(c));
                foreach (var row in reply.Rows) table.AddRow(row.Select(v => Markup.Escape(AnswerText.Format(v))).ToArray());
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"{reply.Summary}{(reply.Truncated ? " (truncated)" : "")}");
            }

            if (chartPath is not null)
            {
                if (reply.Chart is null)
                {
                    Console.Error.WriteLine("No chart: the answer has no category/time column with a measure.");
                }
                else if (chartPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                {
                    await File.WriteAllBytesAsync(chartPath, new IntegrationHub.Charts.ScottPlotChartRenderer().RenderPng(reply.Chart), cancellationToken);
                }
                else
                {
                    await File.WriteAllTextAsync(chartPath, reply.Chart.Svg, cancellationToken);
                }
            }

            return reply.Error is null ? 0 : 1;
        }
    }

    /// <summary>The reasoning worker's offline text-to-SQL skill, called in process.</summary>
    private sealed class InProcessTextToSql : IWorkerClient
    {
        private readonly OfflineTextToSqlEngine _engine = new();

        public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
            where TRequest : class, IRequest<TReply>
            where TReply : class =>
            request is TextToSqlRequest r
                ? Task.FromResult((TReply)(object)_engine.Translate(r))
                : throw new NotSupportedException($"{typeof(TRequest).Name} has no in-process worker in the CLI.");
    }

    /// <summary>The CLI keeps no audit (the hub's plugin store does, for questions asked through the hub).</summary>
    private sealed class NoStore : IPluginStore
    {
        public Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class => Task.FromResult<StoredDocument<T>?>(null);

        public Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class => Task.FromResult(1L);

        public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class =>
            Task.FromResult<IReadOnlyList<StoredDocument<T>>>([]);
    }
}

/// <summary>
/// Composes data sources into the hub (<c>HubModules.All()</c>): <c>DataSources:*</c> from configuration, the
/// semantic-layer loader, the PNG chart renderer, and, when no source is configured, the demo power-marketing
/// database under the data folder (created on first start) with its shipped semantic layer.
/// </summary>
public sealed class DataQueryHubModule : IHubModule
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISemanticLayerLoader, YamlSemanticLayerLoader>();
        services.AddSingleton<IChartRenderer, IntegrationHub.Charts.ScottPlotChartRenderer>();
        if (!configuration.GetSection(DataSourceOptions.Section).GetChildren().Any())
        {
            var path = Path.GetFullPath(Path.Combine(configuration["Hub:DataDirectory"] ?? "data", "power-marketing.sqlite"));
            PowerMarketingDatabase.EnsureCreated(path);
            var shipped = Path.Combine(AppContext.BaseDirectory, "SemanticLayers", SemanticLayerLoader.PowerMarketingFile);
            configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataSources:power-marketing:Provider"] = "Sqlite",
                ["DataSources:power-marketing:ConnectionString"] = $"Data Source={path}",
                ["DataSources:power-marketing:SemanticLayer"] = File.Exists(shipped) ? shipped : null,
            }).Build();
        }

        services.AddDataSources(configuration);
    }

    private sealed class YamlSemanticLayerLoader : ISemanticLayerLoader
    {
        public SemanticLayer Load(string path) => SemanticLayerLoader.LoadFile(path);
    }
}
