using System.ComponentModel;
using System.Text;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>The model's SQL after validation (and, with tools that run queries, its rows), or why there is none.</summary>
/// <param name="Rows">The rows the SQL returned while being checked; null when the caller's tools cannot run queries.</param>
/// <param name="Attempts">The refused tries and why, in order (what the model was shown in its repair rounds).</param>
public sealed record LlmSql(
    string? Sql,
    string? Explanation,
    IReadOnlyDictionary<string, object?>? Parameters,
    QueryResult? Rows,
    LlmOutcome Outcome,
    IReadOnlyList<SqlRepairHint> Attempts,
    ContractError? Error);

/// <summary>
/// The model's text-to-SQL: a prompt with only the question's part of the schema (<see cref="SchemaRetriever"/>) and
/// few-shot examples (<see cref="FewShotExamples"/>); each reply checked by the <see cref="IGeneratedSqlValidator"/>
/// and, when the caller's tools can run queries, by the database; a refused reply goes back to the model with the
/// reason, at most <see cref="TextToSqlLlmOptions.MaxRepairs"/> times.
/// </summary>
public sealed class LlmSqlWriter(IOptions<ReasoningOptions> options, LlmSkillRunner llm, IGeneratedSqlValidator validator, ILogger<LlmSqlWriter> logger)
{
    public async Task<LlmSql> WriteAsync(SkillModel model, TextToSqlRequest request, ITextToSqlTools? tools, CancellationToken cancellationToken)
    {
        var settings = options.Value.TextToSql;
        var schema = SchemaRetriever.Retrieve(request.Question, request.Catalog, request.SemanticLayer, settings);
        var examples = FewShotExamples.Select(request.Question, request.Examples, schema.Layer, settings.FewShotExamples);
        var attempts = new List<SqlRepairHint>();
        if (request.PreviousError is { } previous) attempts.Add(previous);
        int prompt = 0, completion = 0;
        for (var round = 0; ; round++)
        {
            var input = Input(request, schema, examples, attempts);
            var outcome = await llm.RunAsync(model, SystemPrompt(request), input, SkillSchemas.TextToSql(), null, tools is null ? null : ToolsFor(tools, request.Catalog), cancellationToken);
            prompt += outcome.PromptTokens;
            completion += outcome.CompletionTokens;
            outcome = outcome with { PromptTokens = prompt, CompletionTokens = completion };
            if (outcome.Value is not { } value) return new LlmSql(null, null, null, null, outcome, attempts, outcome.Error);

            var sql = value.GetProperty("sql").GetString()!.Trim().TrimEnd(';').Trim();
            var parameters = value.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().ToDictionary(x => x.Name, x => Scalar(x.Value))
                : null;
            var (problem, rows) = await CheckAsync(sql, parameters, request.Catalog, tools, settings.CompareMaxRows, cancellationToken);
            if (problem is null)
                return new LlmSql(sql, value.GetProperty("explanation").GetString(), parameters, rows, outcome, attempts, null);

            logger.LogInformation("text-to-sql: model SQL refused (round {Round}): {Code} {Message}", round + 1, problem.Code, problem.Message);
            attempts.Add(new SqlRepairHint(sql, problem.Message));
            if (round >= Math.Max(0, settings.MaxRepairs))
                return new LlmSql(null, null, null, null, outcome, attempts, new ContractError(problem.Code,
                    $"The model's SQL was refused after {round + 1} tries: {problem.Message}"));
        }
    }

    private async Task<(SqlProblem? Problem, QueryResult? Rows)> CheckAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, DatabaseCatalog catalog,
        ITextToSqlTools? tools, int maxRows, CancellationToken cancellationToken)
    {
        if (validator.Check(sql, catalog) is { } problem) return (problem, null);
        if (tools is null) return (null, null);
        try
        {
            return (null, await tools.QueryAsync(sql, parameters, Math.Max(1, maxRows), cancellationToken));
        }
        catch (NotSupportedException)
        {
            return (null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (new SqlProblem(SqlProblem.Execution, "the database refused it: " + e.Message), null);
        }
    }

    private static string SystemPrompt(TextToSqlRequest r) =>
        $"""
        You translate a business question into exactly one read-only SQL query (SELECT or WITH) for a {r.Catalog.Dialect} database.
        Use only the tables and columns in the catalog (it shows the part of the schema relevant to the question). Prefer the semantic layer's metric expressions, filters and joins when they match the question; the examples show how they are written.
        Pass literal values from the question as named parameters (@p0, @p1, ...) listed in "parameters".
        Relative dates ("上个月", "last year") count from the as-of date {r.AsOf:yyyy-MM-dd}.
        You may call sample_values(table, column) to see stored values and run_explain(sql) to check a query before answering.
        When earlier attempts are listed, they were refused for the reason given: write a query that does not repeat the mistake.
        "explanation" says in the question's language what the query computes.
        """;

    /// <summary>The user message: question, the retrieved schema, examples and refused attempts.</summary>
    public static string Input(TextToSqlRequest r, RetrievedSchema schema, IReadOnlyList<SqlExample> examples, IReadOnlyList<SqlRepairHint> attempts)
    {
        var sb = new StringBuilder();
        sb.AppendLine("question: " + r.Question);
        sb.AppendLine(schema.Tables.Count < schema.CatalogTables
            ? $"catalog ({schema.Tables.Count} of {schema.CatalogTables} tables, those relevant to the question):"
            : "catalog:");
        sb.Append(schema.Text);
        foreach (var e in examples) sb.AppendLine($"example: {e.Question} => {e.Sql}");
        foreach (var a in attempts) sb.AppendLine($"refused attempt: sql: {a.Sql} error: {a.Error}");
        return sb.ToString();
    }

    private List<AITool> ToolsFor(ITextToSqlTools tools, DatabaseCatalog catalog) =>
    [
        AIFunctionFactory.Create(
            async ([Description("table name")] string table, [Description("column name")] string column, CancellationToken ct) =>
                string.Join("\n", (await tools.SampleValuesAsync(table, column, ct)).Take(50)),
            "sample_values", "A few distinct stored values of table.column."),
        AIFunctionFactory.Create(
            async ([Description("one read-only SQL query")] string sql, CancellationToken ct) =>
                validator.Check(sql, catalog) is { } problem ? "refused: " + problem.Message : await tools.ExplainAsync(sql, ct),
            "run_explain", "The database's query plan for a SELECT, or its error message."),
    ];

    private static object? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
