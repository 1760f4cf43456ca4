using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Llm;
using IntegrationHub.Reasoning.Offline;
using IntegrationHub.Reasoning.Sql;
using IntegrationHub.Reasoning.TextToSql;
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
    LlmSqlWriter sqlWriter,
    IGeneratedSqlValidator validator,
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
        if (model is null) return Finish(await OfflineSqlAsync(request, started, false, cancellationToken));

        tools ??= defaultTools;
        var written = await sqlWriter.WriteAsync(model, request, tools, cancellationToken);
        var meta = Meta(skill, ReasoningEngines.Llm, model.Model, started, written.Outcome);
        var reply = new TextToSqlReply(written.Sql, written.Explanation, written.Parameters, meta, written.Error);
        if (written.Error is not null && FallBack(written.Outcome))
            return Finish(await OfflineSqlAsync(request, started, true, cancellationToken));
        if (tools is null || !options.Value.TextToSql.CompareWithOffline || written.Outcome.Unavailable)
            return Finish(reply);

        var offline = await OfflineSqlAsync(request, started, false, cancellationToken);
        var chosen = await AnswerArbiter.ChooseAsync(reply, written.Rows, offline, tools, options.Value.TextToSql, cancellationToken);
        // Whichever SQL is shown, the model's tokens were spent.
        return Finish(chosen with { Meta = chosen.Meta with { PromptTokens = meta.PromptTokens, CompletionTokens = meta.CompletionTokens, LatencyMs = Elapsed(started) } });
    }

    private async Task<TextToSqlReply> OfflineSqlAsync(TextToSqlRequest request, long started, bool fellBack, CancellationToken cancellationToken)
    {
        TextToSqlReply offline;
        try
        {
            offline = await offlineSql.TranslateAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            offline = new TextToSqlReply(null, null, null, Meta(ReasoningSkills.TextToSql, ReasoningEngines.Offline, offlineSql.Version, started), new ContractError("text-to-sql.failed", e.Message));
        }
        // The offline engine's SQL passes the same validator as the model's.
        if (offline.Error is null && validator.Check(offline.Sql, request.Catalog) is { } problem)
            offline = offline with { Sql = null, Error = new ContractError(problem.Code, problem.Message) };
        return offline with { Meta = Meta(ReasoningSkills.TextToSql, ReasoningEngines.Offline, offlineSql.Version, started) with { FellBack = fellBack } };
    }

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
        new(skill, engine, model, outcome?.PromptTokens ?? 0, outcome?.CompletionTokens ?? 0, Elapsed(started));

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);

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
