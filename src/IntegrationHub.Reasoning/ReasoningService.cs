using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Llm;
using IntegrationHub.Reasoning.Offline;
using IntegrationHub.Reasoning.TextToSql;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Reasoning;

/// <summary>
/// Answers each skill with the configured model when there is one, and with the offline engine when there is not,
/// or when the model's endpoint fails and <see cref="ReasoningOptions.FallbackToOffline"/> is on.
/// </summary>
public sealed class ReasoningService(
    IOptions<ReasoningOptions> options,
    LlmSkillRunner llm,
    IntentSetCatalog intentSets,
    IntentClassifier classifier,
    Summarizer summarizer,
    Drafter drafter,
    IOfflineTextToSql offlineSql,
    ReasoningMetrics metrics,
    ITextToSqlTools? defaultTools = null) : IReasoningService
{
    private static readonly JsonSerializerOptions PromptJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    // ---- text-to-sql ----------------------------------------------------------------------------

    public async Task<TextToSqlReply> TextToSqlAsync(TextToSqlRequest request, ITextToSqlTools? tools = null, CancellationToken cancellationToken = default)
    {
        const string skill = ReasoningSkills.TextToSql;
        var started = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(request.Question) || request.Catalog is null)
            return Finish(new TextToSqlReply(null, null, null, Meta(skill, ReasoningEngines.Offline, offlineSql.Version, started), Invalid("a question and a catalog are required")));

        var model = SkillModel.Resolve(options.Value, skill);
        if (model is not null)
        {
            tools ??= defaultTools;
            var outcome = await llm.RunAsync(model, TextToSqlPrompt(request), TextToSqlInput(request), SkillSchemas.TextToSql(),
                v => SqlGuard.Problem(v.GetProperty("sql").GetString()), tools is null ? null : ToolsFor(tools), cancellationToken);
            if (outcome.Value is { } v)
            {
                var parameters = v.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
                    ? p.EnumerateObject().ToDictionary(x => x.Name, x => Scalar(x.Value))
                    : null;
                return Finish(new TextToSqlReply(v.GetProperty("sql").GetString()!.Trim().TrimEnd(';'), v.GetProperty("explanation").GetString(), parameters,
                    Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome)));
            }
            if (!FallBack(outcome))
                return Finish(new TextToSqlReply(null, null, null, Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome), outcome.Error));
        }

        TextToSqlReply offline;
        try
        {
            offline = await offlineSql.TranslateAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            offline = new TextToSqlReply(null, null, null, Meta(skill, ReasoningEngines.Offline, offlineSql.Version, started), new ContractError("text-to-sql.failed", e.Message));
        }
        // The offline engine's SQL passes the same fence as the model's.
        if (offline.Error is null && SqlGuard.Problem(offline.Sql) is { } problem)
            offline = offline with { Sql = null, Error = new ContractError("text-to-sql.unsafe", problem) };
        return Finish(offline with { Meta = Meta(skill, ReasoningEngines.Offline, offlineSql.Version, started) with { FellBack = model is not null } });
    }

    private static string TextToSqlPrompt(TextToSqlRequest r) =>
        $"""
        You translate a business question into exactly one read-only SQL query (SELECT or WITH) for a {r.Catalog.Dialect} database.
        Use only the tables and columns in the catalog. Prefer the semantic layer's metric expressions, filters and joins when they match the question.
        Pass literal values from the question as named parameters (@p0, @p1, ...) listed in "parameters".
        Relative dates ("上个月", "last year") count from the as-of date {r.AsOf:yyyy-MM-dd}.
        You may call sample_values(table, column) to see stored values and run_explain(sql) to check a query before answering.
        "explanation" says in the question's language what the query computes.
        """;

    private static string TextToSqlInput(TextToSqlRequest r)
    {
        var sb = new StringBuilder();
        sb.AppendLine("question: " + r.Question);
        sb.AppendLine("catalog:");
        foreach (var t in r.Catalog.Tables)
        {
            sb.Append("  table ").Append(t.Name);
            if (!string.IsNullOrEmpty(t.Description)) sb.Append(" -- ").Append(t.Description);
            sb.AppendLine();
            foreach (var c in t.Columns)
            {
                sb.Append("    ").Append(c.Name).Append(' ').Append(c.DataType);
                if (t.PrimaryKey.Contains(c.Name)) sb.Append(" primary key");
                if (t.ForeignKeys.FirstOrDefault(f => f.Column == c.Name) is { } fk) sb.Append($" references {fk.ReferencedTable}({fk.ReferencedColumn})");
                if (!string.IsNullOrEmpty(c.Description)) sb.Append(" -- ").Append(c.Description);
                if (c.Values is { Count: > 0 } values) sb.Append(" values: ").Append(string.Join(", ", values.Take(20)));
                sb.AppendLine();
            }
        }
        if (r.SemanticLayer is not null) sb.AppendLine("semantic layer: " + JsonSerializer.Serialize(PortableSql.ForCatalog(r.SemanticLayer, r.Catalog), PromptJson));
        if (r.Examples is { Count: > 0 })
            foreach (var e in r.Examples) sb.AppendLine($"example: {e.Question} => {e.Sql}");
        if (r.PreviousError is not null)
            sb.AppendLine($"previous attempt failed: sql: {r.PreviousError.Sql} error: {r.PreviousError.Error}");
        return sb.ToString();
    }

    private static List<AITool> ToolsFor(ITextToSqlTools tools) =>
    [
        AIFunctionFactory.Create(
            async ([Description("table name")] string table, [Description("column name")] string column, CancellationToken ct) =>
                string.Join("\n", (await tools.SampleValuesAsync(table, column, ct)).Take(50)),
            "sample_values", "A few distinct stored values of table.column."),
        AIFunctionFactory.Create(
            async ([Description("one read-only SQL query")] string sql, CancellationToken ct) =>
                SqlGuard.Problem(sql) is { } problem ? "refused: " + problem : await tools.ExplainAsync(sql, ct),
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

    // ---- classify-intent ------------------------------------------------------------------------

    public async Task<ClassifyIntentReply> ClassifyIntentAsync(ClassifyIntentRequest request, CancellationToken cancellationToken = default)
    {
        const string skill = ReasoningSkills.ClassifyIntent;
        var started = Stopwatch.GetTimestamp();
        IntentSet? set = request.Intents is { Count: > 0 } inline
            ? IntentSet.FromDefinitions(request.IntentSet ?? "inline", inline)
            : request.IntentSet is { } name ? intentSets.Find(name) : null;
        if (set is null)
            return Finish(new ClassifyIntentReply(null, 0, null, Meta(skill, ReasoningEngines.Offline, IntentClassifier.Version, started),
                new ContractError("intent.unknown-set", request.IntentSet is null
                    ? "Name an intent set or pass the intents."
                    : $"No intent set '{request.IntentSet}'. Known: {string.Join(", ", intentSets.Names.Order())}")));
        var utterance = request.Utterance ?? "";

        var model = SkillModel.Resolve(options.Value, skill);
        if (model is not null)
        {
            var labels = set.Intents.Select(i => i.Name).ToList();
            var outcome = await llm.RunAsync(model, ClassifyPrompt(set), JsonSerializer.Serialize(new { utterance }, PromptJson),
                SkillSchemas.ClassifyIntent(labels), null, null, cancellationToken);
            if (outcome.Value is { } v)
            {
                var slots = v.TryGetProperty("slots", out var s) && s.ValueKind == JsonValueKind.Object
                    ? s.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "")
                    : new Dictionary<string, string>();
                return Finish(new ClassifyIntentReply(v.GetProperty("intent").GetString(), Math.Round(v.GetProperty("confidence").GetDouble(), 3), slots,
                    Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome)));
            }
            if (!FallBack(outcome))
                return Finish(new ClassifyIntentReply(null, 0, null, Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome), outcome.Error));
        }

        IntentMatch match;
        try
        {
            match = classifier.Classify(set, utterance);
        }
        catch (ArgumentException e)
        {
            return Finish(new ClassifyIntentReply(null, 0, null, Meta(skill, ReasoningEngines.Offline, IntentClassifier.Version, started) with { FellBack = model is not null },
                new ContractError("intent.invalid-pattern", $"An intent pattern is not a valid regular expression: {e.Message}")));
        }
        return Finish(new ClassifyIntentReply(match.Intent, match.Confidence, match.Slots,
            Meta(skill, ReasoningEngines.Offline, IntentClassifier.Version, started) with { FellBack = model is not null }));
    }

    private static string ClassifyPrompt(IntentSet set)
    {
        var sb = new StringBuilder();
        sb.AppendLine("You classify one utterance from a phone call (speech recognition output: it may be noisy, colloquial or cut off) into exactly one intent.");
        if (set.Description is not null) sb.AppendLine("Call context: " + set.Description);
        sb.AppendLine($"Intents (use \"{set.DefaultIntent}\" when none fits):");
        foreach (var i in set.Intents)
        {
            sb.Append("- ").Append(i.Name);
            if (i.Description is not null) sb.Append(": ").Append(i.Description);
            if (i.Examples is { Count: > 0 } ex) sb.Append(" e.g. ").Append(string.Join(" / ", ex.Take(5)));
            sb.AppendLine();
        }
        sb.AppendLine("confidence is your probability (0..1) that the intent is right; slots are values the utterance states, such as a promised payment time (promise_time).");
        return sb.ToString();
    }

    // ---- summarize ------------------------------------------------------------------------------

    public async Task<SummarizeReply> SummarizeAsync(SummarizeRequest request, CancellationToken cancellationToken = default)
    {
        const string skill = ReasoningSkills.Summarize;
        var started = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(request.Text) && (request.Rows is null || request.Columns is null))
            return Finish(new SummarizeReply(null, Meta(skill, ReasoningEngines.Offline, Summarizer.Version, started), Invalid("text, or columns and rows, are required")));

        var model = SkillModel.Resolve(options.Value, skill);
        if (model is not null)
        {
            var english = request.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
            var prompt = $"You summarize data for a business user in {(english ? "English" : "简体中文 (Simplified Chinese)")}: two or three sentences with the key numbers, no speculation beyond the data.";
            var input = JsonSerializer.Serialize(new { subject = request.Subject, text = request.Text, columns = request.Columns, rows = request.Rows?.Take(200) }, PromptJson);
            var outcome = await llm.RunAsync(model, prompt, input, SkillSchemas.Summarize(), null, null, cancellationToken);
            if (outcome.Value is { } v)
                return Finish(new SummarizeReply(v.GetProperty("summary").GetString(), Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome)));
            if (!FallBack(outcome))
                return Finish(new SummarizeReply(null, Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome), outcome.Error));
        }
        return Finish(new SummarizeReply(summarizer.Summarize(request),
            Meta(skill, ReasoningEngines.Offline, Summarizer.Version, started) with { FellBack = model is not null }));
    }

    // ---- draft ----------------------------------------------------------------------------------

    public async Task<DraftReply> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default)
    {
        const string skill = ReasoningSkills.Draft;
        var started = Stopwatch.GetTimestamp();
        var facts = request.Facts ?? new Dictionary<string, string>();
        var template = request.Template is null ? drafter.Find(request.Kind ?? "", request.Language ?? "zh", facts) : null;
        if (request.Template is null && template is null)
            return Finish(new DraftReply(null, null, null, Meta(skill, ReasoningEngines.Offline, Drafter.Version, started),
                new ContractError("draft.unknown-kind", $"No draft template for kind '{request.Kind}' in '{request.Language}'. Known kinds: {string.Join(", ", drafter.Kinds.Order())}")));
        var offline = template is not null ? drafter.Render(template, facts) : drafter.RenderInline(request.Template!, facts);

        var model = SkillModel.Resolve(options.Value, skill);
        if (model is not null)
        {
            var english = (request.Language ?? "zh").StartsWith("en", StringComparison.OrdinalIgnoreCase);
            var prompt = $"""
                You draft a {request.Kind} document in {(english ? "English" : "简体中文")} from the facts given. Use only these facts; write （待填）/(to be filled) for anything missing.
                The reference draft shows the required structure and wording conventions: keep its structure and its step order, improve the wording only.
                """;
            var input = JsonSerializer.Serialize(new { kind = request.Kind, facts, reference = new { offline.Title, offline.Body, offline.Steps } }, PromptJson);
            var outcome = await llm.RunAsync(model, prompt, input, SkillSchemas.Draft(), null, null, cancellationToken);
            if (outcome.Value is { } v)
            {
                var steps = v.TryGetProperty("steps", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;
                return Finish(new DraftReply(v.GetProperty("title").GetString(), v.GetProperty("body").GetString(), steps, Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome)));
            }
            if (!FallBack(outcome))
                return Finish(new DraftReply(null, null, null, Meta(skill, ReasoningEngines.Llm, model.Model, started, outcome), outcome.Error));
        }

        var meta = Meta(skill, ReasoningEngines.Offline, Drafter.Version, started) with { FellBack = model is not null };
        if (offline.MissingFacts.Count > 0)
            return Finish(new DraftReply(null, null, null, meta, new ContractError("draft.missing-facts", "Facts missing for this template: " + string.Join(", ", offline.MissingFacts))));
        return Finish(new DraftReply(offline.Title, offline.Body, offline.Steps, meta));
    }

    // ---- shared ---------------------------------------------------------------------------------

    private bool FallBack(LlmOutcome outcome) => outcome.Unavailable && options.Value.FallbackToOffline;

    private static ContractError Invalid(string message) => new("request.invalid", message);

    private static ReasoningMeta Meta(string skill, string engine, string model, long started, LlmOutcome? outcome = null) =>
        new(skill, engine, model, outcome?.PromptTokens ?? 0, outcome?.CompletionTokens ?? 0, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3));

    private T Finish<T>(T reply) where T : class
    {
        var (meta, error) = reply switch
        {
            TextToSqlReply r => (r.Meta, r.Error),
            ClassifyIntentReply r => (r.Meta, r.Error),
            SummarizeReply r => (r.Meta, r.Error),
            DraftReply r => (r.Meta, r.Error),
            _ => throw new UnreachableException(),
        };
        metrics.Request(meta.Skill, meta.Engine, error is null, meta.FellBack, meta.LatencyMs);
        return reply;
    }
}

/// <summary>The offline text-to-SQL engine (<c>IntegrationHub.Reasoning.TextToSql</c>) behind <see cref="IOfflineTextToSql"/>.</summary>
public sealed class OfflineTextToSqlAdapter(OfflineTextToSqlEngine engine) : IOfflineTextToSql
{
    public string Version => OfflineTextToSqlEngine.EngineModel;

    public Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken) => Task.FromResult(engine.Translate(request));
}
