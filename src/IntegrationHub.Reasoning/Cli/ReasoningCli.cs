using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Reasoning.Cli;

/// <summary>
/// <c>hub reason SKILL --input IN.jsonl --output OUT.jsonl</c>: one request per input line, one reply per output line,
/// in order. A bad line gets an error line (with its id when it has one); the run goes on.
/// <list type="bullet">
/// <item><c>classify-intent</c>: <c>{"id","text"}</c> → <c>{"id","intent","confidence","engine"}</c> (+<c>slots</c>, <c>error</c>)</item>
/// <item><c>summarize</c>: <c>{"id","text"}</c> or <c>{"id","columns","rows","subject"}</c> → <c>{"id","summary","engine"}</c></item>
/// <item><c>draft</c>: <c>{"id","kind","facts",["template"]}</c> → <c>{"id","title","body","steps","engine"}</c></item>
/// <item><c>text-to-sql</c>: <c>{"id","question",["asOf"]}</c> with a catalog file → <c>{"id","sql","parameters","explanation","engine"}</c></item>
/// </list>
/// </summary>
public static class ReasoningCli
{
    public static readonly IReadOnlyList<string> Skills = [ReasoningSkills.ClassifyIntent, ReasoningSkills.Summarize, ReasoningSkills.Draft, ReasoningSkills.TextToSql];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <param name="intentSet">classify-intent: the intent set every line is classified against.</param>
    /// <param name="language">summarize/draft: the language when a line does not say.</param>
    /// <param name="catalog">text-to-sql: the database catalog (JSON, as <c>DatabaseCatalog</c>).</param>
    /// <param name="semanticLayer">text-to-sql: optional semantic layer (YAML/JSON file).</param>
    /// <param name="asOf">text-to-sql: the date relative time counts from when a line does not say.</param>
    public sealed record Settings(string Skill, string? IntentSet = null, string Language = "zh", DatabaseCatalog? Catalog = null, SemanticLayer? SemanticLayer = null, DateOnly? AsOf = null);

    /// <summary>Reads a catalog JSON file and an optional semantic layer file for text-to-sql.</summary>
    public static (DatabaseCatalog Catalog, SemanticLayer? Layer) LoadCatalog(string catalogPath, string? semanticLayerPath) =>
        (JsonSerializer.Deserialize<DatabaseCatalog>(File.ReadAllText(catalogPath), Json) ?? throw new InvalidDataException($"{catalogPath} is empty."),
         semanticLayerPath is null ? null : SemanticLayerLoader.LoadFile(semanticLayerPath));

    /// <returns>Lines written and how many carry an error.</returns>
    public static async Task<(int Lines, int Errors)> RunAsync(IReasoningService reasoning, Settings settings, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.Skill == ReasoningSkills.TextToSql && settings.Catalog is null) throw new ArgumentException("text-to-sql needs a catalog (--catalog FILE).");
        if (settings.Skill == ReasoningSkills.ClassifyIntent && settings.IntentSet is null) throw new ArgumentException("classify-intent needs --intent-set NAME.");
        int lines = 0, errors = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Trim().Length == 0) continue;
            JsonObject result;
            JsonNode? id = null;
            try
            {
                var request = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("a line must be a JSON object");
                id = request["id"]?.DeepClone();
                result = await AnswerAsync(reasoning, settings, request, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                result = new JsonObject { ["error"] = Error(new ContractError("request.invalid", e.Message)) };
            }
            var ordered = new JsonObject { ["id"] = id };
            foreach (var (k, v) in result)
                if (v is not null || k is not ("error" or "slots")) ordered[k] = v?.DeepClone();
            if (ordered["error"] is not null) errors++;
            await output.WriteLineAsync(ordered.ToJsonString(Json));
            lines++;
        }
        await output.FlushAsync(cancellationToken);
        return (lines, errors);
    }

    private static async Task<JsonObject> AnswerAsync(IReasoningService reasoning, Settings s, JsonObject r, CancellationToken ct)
    {
        string? Str(string name) => r[name]?.GetValue<string>();
        switch (s.Skill)
        {
            case ReasoningSkills.ClassifyIntent:
            {
                var reply = await reasoning.ClassifyIntentAsync(new ClassifyIntentRequest(Str("text") ?? Str("utterance") ?? "", Str("intentSet") ?? s.IntentSet), ct);
                return new JsonObject
                {
                    ["intent"] = reply.Intent, ["confidence"] = reply.Confidence, ["engine"] = reply.Meta.Engine,
                    ["slots"] = reply.Slots is { Count: > 0 } slots ? JsonSerializer.SerializeToNode(slots, Json) : null,
                    ["error"] = Error(reply.Error),
                };
            }
            case ReasoningSkills.Summarize:
            {
                var rows = r["rows"]?.Deserialize<List<List<object?>>>(Json);
                var reply = await reasoning.SummarizeAsync(new SummarizeRequest(Str("language") ?? s.Language, Str("text"),
                    r["columns"]?.Deserialize<List<string>>(Json), rows?.Select(x => (IReadOnlyList<object?>)x).ToList(), Str("subject")), ct);
                return new JsonObject { ["summary"] = reply.Summary, ["engine"] = reply.Meta.Engine, ["error"] = Error(reply.Error) };
            }
            case ReasoningSkills.Draft:
            {
                var facts = r["facts"]?.AsObject().ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var t) ? t : p.Value?.ToJsonString() ?? "")
                    ?? new Dictionary<string, string>();
                var reply = await reasoning.DraftAsync(new DraftRequest(Str("kind") ?? "", facts, Str("language") ?? s.Language, Str("template")), ct);
                return new JsonObject
                {
                    ["title"] = reply.Title, ["body"] = reply.Body, ["steps"] = reply.Steps is null ? null : JsonSerializer.SerializeToNode(reply.Steps, Json),
                    ["engine"] = reply.Meta.Engine, ["error"] = Error(reply.Error),
                };
            }
            case ReasoningSkills.TextToSql:
            {
                var asOf = Str("asOf") is { } d ? DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : s.AsOf ?? DateOnly.FromDateTime(DateTime.Today);
                var reply = await reasoning.TextToSqlAsync(new TextToSqlRequest(Str("question") ?? "", s.Catalog!, asOf, s.SemanticLayer), null, ct);
                return new JsonObject
                {
                    ["sql"] = reply.Sql, ["parameters"] = reply.Parameters is null ? null : JsonSerializer.SerializeToNode(reply.Parameters, Json),
                    ["explanation"] = reply.Explanation, ["engine"] = reply.Meta.Engine, ["error"] = Error(reply.Error),
                };
            }
            default:
                throw new ArgumentException($"Unknown skill '{s.Skill}'. Known: {string.Join(", ", Skills)}");
        }
    }

    private static JsonObject? Error(ContractError? e) => e is null ? null : new JsonObject { ["code"] = e.Code, ["message"] = e.Message };
}
