using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning;

/// <summary>Configuration section <c>Reasoning</c>.</summary>
public sealed class ReasoningOptions
{
    public const string SectionName = "Reasoning";

    /// <summary>Defaults for every skill. No <see cref="LlmOptions.Endpoint"/> anywhere means offline only.</summary>
    public LlmOptions Llm { get; set; } = new();

    /// <summary>Per-skill overrides of <see cref="Llm"/>, keyed by skill name (<c>text-to-sql</c>, <c>classify-intent</c>, <c>summarize</c>, <c>draft</c>).</summary>
    public Dictionary<string, LlmOptions> Skills { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Answer with the offline engine when the endpoint fails (down, timing out, circuit open).</summary>
    public bool FallbackToOffline { get; set; } = true;

    /// <summary>Folder of intent-set JSON files; default <c>IntentSets</c> beside the assembly.</summary>
    public string? IntentSetsPath { get; set; }

    /// <summary>Folder of draft-template JSON files; default <c>DraftTemplates</c> beside the assembly.</summary>
    public string? DraftTemplatesPath { get; set; }

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How the model writes SQL: schema retrieval, few-shot examples, repairs, comparison with the offline engine.</summary>
    public TextToSqlLlmOptions TextToSql { get; set; } = new();
}

/// <summary>Configuration section <c>Reasoning:TextToSql</c>: the model's text-to-SQL path.</summary>
public sealed class TextToSqlLlmOptions
{
    /// <summary>Tables the prompt shows at most (the question's most relevant, then their foreign-key neighbours).</summary>
    public int MaxTables { get; set; } = 12;

    /// <summary>Columns shown per table at most (keys and the question's columns first).</summary>
    public int MaxColumnsPerTable { get; set; } = 40;

    /// <summary>Characters of schema and semantic layer the prompt carries at most.</summary>
    public int MaxSchemaChars { get; set; } = 12_000;

    /// <summary>Question/SQL examples in the prompt: the caller's, then ones made from the semantic layer's metrics.</summary>
    public int FewShotExamples { get; set; } = 4;

    /// <summary>Rounds in which the model is shown why its SQL was refused (validator or database error) and tries again.</summary>
    public int MaxRepairs { get; set; } = 2;

    /// <summary>When the caller's tools can run queries: run the model's and the offline engine's SQL and compare the rows.</summary>
    public bool CompareWithOffline { get; set; } = true;

    /// <summary>Which answer is shown when both ran and their rows differ: <c>llm</c>, <c>offline</c> or <c>refuse</c>.</summary>
    public string OnDisagreement { get; set; } = ReasoningEngines.Llm;

    /// <summary>Rows fetched per query when checking or comparing answers.</summary>
    public int CompareMaxRows { get; set; } = 1000;
}

/// <summary>One model on one endpoint. Every member is optional so a skill override only names what differs.</summary>
public sealed class LlmOptions
{
    /// <summary><c>openai</c> (any OpenAI-compatible server: vLLM, Ollama, DeepSeek, DashScope, LM Studio) or <c>azure</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>Base address, for example <c>http://127.0.0.1:8000/v1</c>; for Azure the resource address.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Model name (Azure: deployment name).</summary>
    public string? Model { get; set; }

    /// <summary>Whole request, tool rounds and repair included.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>One HTTP attempt; defaults to <see cref="TimeoutSeconds"/>.</summary>
    public double? AttemptTimeoutSeconds { get; set; }

    public int? MaxTokens { get; set; }

    public float? Temperature { get; set; }

    /// <summary>Concurrent requests to this endpoint (the first skill to reach an endpoint sets it).</summary>
    public int? MaxConcurrency { get; set; }

    public int? MaxRetries { get; set; }

    /// <summary>First retry delay; doubles each retry (with jitter) unless the server sends Retry-After.</summary>
    public double? RetryBaseDelaySeconds { get; set; }

    /// <summary><c>json_object</c> (default), <c>json_schema</c> or <c>none</c> for servers that support neither.</summary>
    public string? ResponseFormat { get; set; }

    /// <summary>Price per 1000 prompt/completion tokens, in <see cref="Currency"/>, for the cost metric.</summary>
    public double? PromptPricePer1K { get; set; }

    public double? CompletionPricePer1K { get; set; }

    public string? Currency { get; set; }

    public LlmOptions MergedOver(LlmOptions defaults) => new()
    {
        Provider = Provider ?? defaults.Provider,
        Endpoint = Endpoint ?? defaults.Endpoint,
        ApiKey = ApiKey ?? defaults.ApiKey,
        Model = Model ?? defaults.Model,
        TimeoutSeconds = TimeoutSeconds ?? defaults.TimeoutSeconds,
        AttemptTimeoutSeconds = AttemptTimeoutSeconds ?? defaults.AttemptTimeoutSeconds,
        MaxTokens = MaxTokens ?? defaults.MaxTokens,
        Temperature = Temperature ?? defaults.Temperature,
        MaxConcurrency = MaxConcurrency ?? defaults.MaxConcurrency,
        MaxRetries = MaxRetries ?? defaults.MaxRetries,
        RetryBaseDelaySeconds = RetryBaseDelaySeconds ?? defaults.RetryBaseDelaySeconds,
        ResponseFormat = ResponseFormat ?? defaults.ResponseFormat,
        PromptPricePer1K = PromptPricePer1K ?? defaults.PromptPricePer1K,
        CompletionPricePer1K = CompletionPricePer1K ?? defaults.CompletionPricePer1K,
        Currency = Currency ?? defaults.Currency,
    };
}

/// <summary>Per-endpoint circuit breaker (Polly): opens when this share of calls failed within the window.</summary>
public sealed class CircuitBreakerOptions
{
    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 4;

    public double SamplingSeconds { get; set; } = 30;

    public double BreakSeconds { get; set; } = 30;
}

/// <summary>The resolved settings one skill call runs with.</summary>
public sealed record SkillModel(
    string Skill,
    string Provider,
    Uri Endpoint,
    string? ApiKey,
    string Model,
    TimeSpan Timeout,
    TimeSpan AttemptTimeout,
    int? MaxTokens,
    float? Temperature,
    int MaxConcurrency,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    string ResponseFormat,
    double PromptPricePer1K,
    double CompletionPricePer1K,
    string Currency)
{
    public static SkillModel? Resolve(ReasoningOptions options, string skill)
    {
        var o = options.Skills.TryGetValue(skill, out var over) ? over.MergedOver(options.Llm) : options.Llm;
        if (string.IsNullOrWhiteSpace(o.Endpoint)) return null;
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds ?? 60);
        return new SkillModel(
            skill,
            (o.Provider ?? "openai").ToLowerInvariant(),
            new Uri(o.Endpoint.TrimEnd('/') + "/"),
            o.ApiKey,
            o.Model ?? "default",
            timeout,
            o.AttemptTimeoutSeconds is { } a ? TimeSpan.FromSeconds(a) : timeout,
            o.MaxTokens,
            o.Temperature,
            Math.Max(1, o.MaxConcurrency ?? 8),
            Math.Max(0, o.MaxRetries ?? 3),
            TimeSpan.FromSeconds(o.RetryBaseDelaySeconds ?? 1),
            (o.ResponseFormat ?? "json_object").ToLowerInvariant(),
            o.PromptPricePer1K ?? 0,
            o.CompletionPricePer1K ?? 0,
            o.Currency ?? "USD");
    }
}
