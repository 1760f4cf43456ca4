using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Contracts.Security;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.DemoData;
using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub ask "question" --db … --as-of … [--chart out.svg|out.png]</c> prints the answer as a table;
/// <c>hub ask --db … --as-of … --input Q.jsonl --output A.jsonl</c> answers a file of <c>{"id","question"}</c> lines
/// with <c>{"id","sql","columns","rows","error"}</c> lines, in order, and exits 0 even when some fail.
/// Each question goes as <see cref="AskQuestionRequest"/> over the bus of a hub embedded in this process
/// (<see cref="AskSession"/>) to the DataQuery plugin, loaded from <c>plugins/DataQuery</c> in its own load context,
/// which validates, applies permissions and runs read-only SQL proposed by the reasoning worker's text-to-SQL skill;
/// <c>--db</c> takes a SQLite file/connection string or a PostgreSQL connection string.
/// </summary>
public static class AskCommand
{
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

            AskSession hub;
            try
            {
                hub = await AskSession.StartAsync(new AskSessionOptions(DatabaseOrDemo(parse.GetValue(db)), parse.GetValue(semanticLayer),
                    parse.GetValue(maxRows), Environment.UserName), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database could not be opened or read: every question fails alike; say so once, and per id in batch mode.
                Console.Error.WriteLine(Secrets.Redact($"Cannot ask {parse.GetValue(db) ?? "the demo database"}: {e.Message}"));
                if (parse.GetValue(input) is { } failedInput) await WriteFailuresAsync(failedInput, parse.GetValue(output), Secrets.Redact(e), cancellationToken);
                return 1;
            }

            await using (hub)
            {
                if (parse.GetValue(input) is { } inputPath)
                {
                    return await BatchAsync(hub, inputPath, parse.GetValue(output), date, parse.GetValue(user), cancellationToken);
                }

                if (parse.GetValue(question) is not { Length: > 0 } q)
                {
                    Console.Error.WriteLine("Give a question, or --input FILE.jsonl.");
                    return 2;
                }

                return await AskOneAsync(hub, q, date, parse.GetValue(user), parse.GetValue(chart), parse.GetValue(json), cancellationToken);
            }
        });
        return command;
    }


    /// <summary><c>--db</c>, or the demo database under <c>data/</c> (created on first use).</summary>
    private static string DatabaseOrDemo(string? db)
    {
        if (db is not null) return db;
        var path = Path.GetFullPath(Path.Combine("data", "power-marketing.sqlite"));
        if (PowerMarketingDatabase.EnsureCreated(path)) Console.Error.WriteLine($"Created the demo database {path}.");
        return $"Data Source={path}";
    }

    private static async Task WriteFailuresAsync(string inputPath, string? outputPath, string error, CancellationToken cancellationToken)
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

    private static async Task<int> BatchAsync(AskSession hub, string inputPath, string? outputPath, DateOnly? asOf, string? user, CancellationToken cancellationToken)
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
                var reply = await hub.AskAsync(new AskQuestionRequest(q, AskSession.Source, user, asOf), cancellationToken);
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

        Console.Error.WriteLine($"{total} questions, {total - failed} answered, {failed} not, in {watch.Elapsed.TotalSeconds:0.0} s ({hub.Catalog.Dialect}; {hub.DescribePlugin()}).");
        return 0;
    }

    private static async Task<int> AskOneAsync(AskSession hub, string question, DateOnly? asOf, string? user, string? chartPath, bool json, CancellationToken cancellationToken)
    {
        var reply = await hub.AskAsync(new AskQuestionRequest(question, AskSession.Source, user, asOf, null, chartPath is not null), cancellationToken);
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
            foreach (var row in reply.Rows) table.AddRow(row.Select(v => Markup.Escape(Cell(v))).ToArray());
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
                var png = reply.Chart.Png ?? new IntegrationHub.Charts.ScottPlotChartRenderer().RenderPng(reply.Chart);
                await File.WriteAllBytesAsync(chartPath, png, cancellationToken);
            }
            else
            {
                await File.WriteAllTextAsync(chartPath, reply.Chart.Svg, cancellationToken);
            }
        }

        return reply.Error is null ? 0 : 1;
    }

    /// <summary>A table cell: thousands separators, at most four decimals, NULL for null (values arrive as JSON over the bus).</summary>
    internal static string Cell(object? value) => value switch
    {
        null => "NULL",
        JsonElement { ValueKind: JsonValueKind.Null } => "NULL",
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var l) => Cell(l),
        JsonElement { ValueKind: JsonValueKind.Number } e => Cell(e.GetDouble()),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.ToString(),
        long or int or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture),
        double or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture) is var d && Math.Abs(d) >= 1000
            ? d.ToString("#,0.##", CultureInfo.InvariantCulture)
            : d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
