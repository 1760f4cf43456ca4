using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers.Reasoning;

/// <summary>Which engine answered a reasoning request.</summary>
public static class ReasoningEngines
{
    public const string Llm = "llm";
    public const string Offline = "offline";
}

/// <summary>Fields every reasoning reply carries.</summary>
/// <param name="Engine"><see cref="ReasoningEngines.Llm"/> or <see cref="ReasoningEngines.Offline"/>.</param>
/// <param name="Model">The model (LLM) or engine version (offline).</param>
public sealed record ReasoningMeta(string Skill, string Engine, string Model, int PromptTokens, int CompletionTokens, double LatencyMs, bool FellBack = false);

// ---- text-to-sql -------------------------------------------------------------------------------

/// <param name="AsOf">The date relative time is counted from ("上个月" = the month before this date).</param>
/// <param name="SemanticLayer">Metrics, dimensions, synonyms and filters for this source, or null.</param>
/// <param name="Examples">Few-shot question/SQL pairs for the LLM path.</param>
/// <param name="PreviousError">Set on a repair round: the SQL tried and the database's error.</param>
[MessageContract("reasoning.text-to-sql")]
public sealed record TextToSqlRequest(
    string Question,
    DatabaseCatalog Catalog,
    DateOnly AsOf,
    SemanticLayer? SemanticLayer = null,
    IReadOnlyList<SqlExample>? Examples = null,
    SqlRepairHint? PreviousError = null) : IRequest<TextToSqlReply>;

public sealed record SqlExample(string Question, string Sql);

public sealed record SqlRepairHint(string Sql, string Error);

/// <param name="Parameters">Named parameters used in <paramref name="Sql"/> (<c>@p0</c>…), values as strings or numbers.</param>
/// <param name="Choice">When the model's and the offline engine's answers were both considered: which was chosen and why.</param>
[MessageContract("reasoning.text-to-sql-reply", Version = 2)]
public sealed record TextToSqlReply(string? Sql, string? Explanation, IReadOnlyDictionary<string, object?>? Parameters, ReasoningMeta Meta, ContractError? Error = null, EngineChoice? Choice = null);

/// <param name="Engine">The engine whose SQL the reply carries (<see cref="ReasoningEngines"/>).</param>
/// <param name="Reason">Why, in words (agreement, the other engine's refusal or failure, the configured preference).</param>
/// <param name="Agreed">True when both engines' SQL ran and returned the same rows; false when they differed; null when not compared.</param>
public sealed record EngineChoice(string Engine, string Reason, bool? Agreed = null);

// ---- classify-intent ---------------------------------------------------------------------------

/// <param name="IntentSet">Name of a configured intent set (for example <c>fee-reminder</c>), used when <paramref name="Intents"/> is null.</param>
[MessageContract("reasoning.classify-intent")]
public sealed record ClassifyIntentRequest(string Utterance, string? IntentSet = null, IReadOnlyList<IntentDefinition>? Intents = null) : IRequest<ClassifyIntentReply>;

/// <param name="Examples">Example phrases (similarity matching, LLM few-shot).</param>
/// <param name="Patterns">Regular expressions that decide the intent outright.</param>
/// <param name="Keywords">Words that count toward the intent.</param>
public sealed record IntentDefinition(string Name, string? Description = null, IReadOnlyList<string>? Examples = null, IReadOnlyList<string>? Patterns = null, IReadOnlyList<string>? Keywords = null);

[MessageContract("reasoning.classify-intent-reply")]
public sealed record ClassifyIntentReply(string? Intent, double Confidence, IReadOnlyDictionary<string, string>? Slots, ReasoningMeta Meta, ContractError? Error = null);

// ---- summarize ---------------------------------------------------------------------------------

/// <param name="Language"><c>zh</c> or <c>en</c>.</param>
[MessageContract("reasoning.summarize")]
public sealed record SummarizeRequest(string Language, string? Text = null, IReadOnlyList<string>? Columns = null, IReadOnlyList<IReadOnlyList<object?>>? Rows = null, string? Subject = null) : IRequest<SummarizeReply>;

[MessageContract("reasoning.summarize-reply")]
public sealed record SummarizeReply(string? Summary, ReasoningMeta Meta, ContractError? Error = null);

// ---- draft -------------------------------------------------------------------------------------

/// <param name="Kind">Document kind, for example <c>operation-ticket</c>, <c>work-order-description</c>, <c>inspection-report-section</c>.</param>
/// <param name="Facts">Slot values the draft is built from.</param>
/// <param name="Template">A template overriding the configured one for this kind.</param>
[MessageContract("reasoning.draft")]
public sealed record DraftRequest(string Kind, IReadOnlyDictionary<string, string> Facts, string Language = "zh", string? Template = null) : IRequest<DraftReply>;

/// <param name="Steps">Ordered steps for kinds that have them (operation tickets).</param>
[MessageContract("reasoning.draft-reply")]
public sealed record DraftReply(string? Title, string? Body, IReadOnlyList<string>? Steps, ReasoningMeta Meta, ContractError? Error = null);
