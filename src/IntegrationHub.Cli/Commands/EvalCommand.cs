using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Cli.Evaluation;
using IntegrationHub.DataSources;
using IntegrationHub.Reasoning;
using IntegrationHub.Reasoning.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub eval nl2sql --db CONN_OR_SQLITE_PATH --questions Q.jsonl [--gold G.jsonl] [--dialect D] [--as-of yyyy-MM-dd] [--any-order] [--json]</c>:
/// execution accuracy of the offline engine (and of the configured model, <c>Reasoning:Llm:*</c>) on a question set,
/// per category, with each failure and refusal listed (<see cref="Nl2SqlEvaluator"/>). <c>--db</c> may hold <c>{db}</c>,
/// replaced by each question's <c>db</c> (sets spanning several databases, as defog's). Exit 0 when it ran, 2 for bad input.
/// </summary>
public static class EvalCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static Command Create()
    {
        var eval = new Command("eval", "Evaluations of the hub's engines on question sets.");
        eval.Subcommands.Add(Nl2Sql());
        return eval;
    }

    private static Command Nl2Sql()
    {
        var db = new Option<string>("--db") { Description = "SQLite path/connection string or PostgreSQL connection string; {db} is replaced by each question's db.", Required = true };
        var questions = new Option<string>("--questions") { Description = "JSONL of {\"id\",\"question\",\"gold_sql\"[,\"category\",\"db\"]}.", Required = true };
        var gold = new Option<string?>("--gold") { Description = "JSONL of {\"id\",\"gold_sql\"} when the questions carry none (overrides theirs)." };
        var dialect = new Option<string?>("--dialect") { Description = "sqlite or postgresql, when the connection string does not say." };
        var asOf = new Option<string?>("--as-of") { Description = "yyyy-MM-dd that relative dates count from (default: today)." };
        var layer = new Option<string?>("--semantic-layer") { Description = "Semantic layer YAML/JSON (default: the shipped power-marketing layer when the schema matches)." };
        var anyOrder = new Option<bool>("--any-order") { Description = "Compare rows in any order even when the gold query orders them (score.py's rule)." };
        var json = CliOptions.Json();
        var command = new Command("nl2sql", "Execution accuracy of text-to-SQL on a question set with gold SQL (offline engine; the model too when configured).")
        {
            db, questions, gold, dialect, asOf, layer, anyOrder, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var date = DateOnly.FromDateTime(DateTime.Today);
            if (parse.GetValue(asOf) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                return Fail($"--as-of must be yyyy-MM-dd, not '{text}'.");
            IReadOnlyList<EvalQuestion> set;
            try
            {
                set = EvalQuestions.Load(parse.GetValue(questions)!, parse.GetValue(gold));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                return Fail($"Cannot read the questions: {e.Message}");
            }

            var configuration = CliOptions.Configuration(parse.UnmatchedTokens);
            var databases = new EvalDatabases(parse.GetValue(db)!, parse.GetValue(dialect), parse.GetValue(layer));
            var reports = new List<EngineEvalReport>();
            try
            {
                foreach (var engine in Engines(configuration))
                {
                    await using var services = engine.Services;
                    var reasoning = services.GetRequiredService<IReasoningService>();
                    reports.Add(await new Nl2SqlEvaluator(date, parse.GetValue(anyOrder)).RunAsync(
                        new EvalEngine(engine.Name, (request, tools, ct) => reasoning.TextToSqlAsync(request, tools, ct)), set, databases.ForAsync, cancellationToken));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Fail($"Cannot evaluate on {databases.Describe()}: {e.Message}");
            }

            EvalReportText.Write(Console.Out, reports);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(reports.Select(Summary), Json));
            return 0;
        });
        return command;
    }

    /// <summary>The offline engine always; the configured model as well when <c>Reasoning</c> names an endpoint for text-to-sql.</summary>
    private static IEnumerable<(string Name, ServiceProvider Services)> Engines(IConfiguration configuration)
    {
        var offline = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reasoning:Llm:Endpoint"] = "",
            [$"Reasoning:Skills:{ReasoningSkills.TextToSql}:Endpoint"] = "",
        }).Build();
        yield return ("offline", Build(offline));
        var configured = Build(configuration);
        if (SkillModel.Resolve(configured.GetRequiredService<IOptions<ReasoningOptions>>().Value, ReasoningSkills.TextToSql) is { } model)
            yield return ($"llm {model.Model}", configured);
        else configured.Dispose();
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddReasoningWorker(configuration);
        return services.BuildServiceProvider();
    }

    private static object Summary(EngineEvalReport r) => new
    {
        engine = r.Engine,
        total = r.Total,
        correct = r.Correct,
        wrong = r.Wrong,
        refused = r.Refused,
        unjudged = r.Unjudged,
        categories = r.ByCategory.ToDictionary(c => c.Category, c => new { correct = c.Correct, total = c.Total }),
        failures = r.Outcomes.Where(o => o.Verdict != EvalVerdict.Correct).Select(o => new
        {
            id = o.Question.Id, db = o.Question.Database, verdict = o.Verdict.ToString().ToLowerInvariant(), sql = o.Sql, detail = o.Detail, chosen = o.ChosenBy,
        }),
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    /// <summary>The databases of one run, opened once each (catalog and value index extracted once).</summary>
    private sealed class EvalDatabases(string connection, string? dialect, string? layer)
    {
        private readonly DataSourceRegistry sources = new();
        private readonly Dictionary<string, DataSourceEvalDatabase> open = new(StringComparer.Ordinal);

        public async Task<IEvalDatabase> ForAsync(EvalQuestion question)
        {
            var name = connection.Contains("{db}", StringComparison.Ordinal) ? question.Database ?? "" : "";
            if (connection.Contains("{db}", StringComparison.Ordinal) && name.Length == 0)
                throw new FormatException($"--db holds {{db}} but question {question.Id} names no \"db\".");
            if (!open.TryGetValue(name, out var database))
            {
                database = await DataSourceEvalDatabase.OpenAsync(sources, name.Length == 0 ? "eval" : name, connection.Replace("{db}", name, StringComparison.Ordinal),
                    dialect, layer, CancellationToken.None);
                open[name] = database;
            }

            return database;
        }

        public string Describe() => connection.Contains("Password=", StringComparison.OrdinalIgnoreCase)
            ? System.Text.RegularExpressions.Regex.Replace(connection, "(?i)password=[^;]*", "Password=***")
            : connection;
    }
}
