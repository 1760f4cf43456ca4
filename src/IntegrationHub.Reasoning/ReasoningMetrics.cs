using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Reasoning;

/// <summary>
/// The worker's instruments on meter <c>IntegrationHub.Reasoning</c> (the host's OpenTelemetry exports it):
/// requests and latency per skill and engine, fallbacks, LLM tokens and cost, HTTP retries and circuit openings.
/// </summary>
public sealed class ReasoningMetrics : IDisposable
{
    public const string MeterName = "IntegrationHub.Reasoning";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;
    private readonly Counter<long> fallbacks;
    private readonly Counter<long> tokens;
    private readonly Counter<double> cost;
    private readonly Counter<long> retries;
    private readonly Counter<long> circuitOpened;

    public ReasoningMetrics(IMeterFactory? meterFactory = null)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        requests = meter.CreateCounter<long>("reasoning.requests", "{request}", "Reasoning requests answered, by skill, engine and outcome.");
        duration = meter.CreateHistogram<double>("reasoning.duration", "ms", "Time to answer a reasoning request.");
        fallbacks = meter.CreateCounter<long>("reasoning.fallbacks", "{request}", "Requests the offline engine answered because the LLM endpoint failed.");
        tokens = meter.CreateCounter<long>("reasoning.llm.tokens", "{token}", "LLM tokens, by skill, model and kind (prompt/completion).");
        cost = meter.CreateCounter<double>("reasoning.llm.cost", "{currency}", "LLM cost from the configured per-1K-token prices.");
        retries = meter.CreateCounter<long>("reasoning.llm.retries", "{retry}", "HTTP retries to LLM endpoints (429/5xx/timeouts).");
        circuitOpened = meter.CreateCounter<long>("reasoning.llm.circuit_opened", "{event}", "Times an endpoint's circuit breaker opened.");
    }

    public void Request(string skill, string engine, bool ok, bool fellBack, double milliseconds)
    {
        var tags = new TagList { { "skill", skill }, { "engine", engine }, { "outcome", ok ? "ok" : "error" } };
        requests.Add(1, tags);
        duration.Record(milliseconds, new TagList { { "skill", skill }, { "engine", engine } });
        if (fellBack) fallbacks.Add(1, new TagList { { "skill", skill } });
    }

    public void Tokens(SkillModel model, int prompt, int completion)
    {
        tokens.Add(prompt, new TagList { { "skill", model.Skill }, { "model", model.Model }, { "kind", "prompt" } });
        tokens.Add(completion, new TagList { { "skill", model.Skill }, { "model", model.Model }, { "kind", "completion" } });
        var amount = prompt / 1000.0 * model.PromptPricePer1K + completion / 1000.0 * model.CompletionPricePer1K;
        if (amount > 0) cost.Add(amount, new TagList { { "skill", model.Skill }, { "model", model.Model }, { "currency", model.Currency } });
    }

    public void Retry(string endpoint, string reason) => retries.Add(1, new TagList { { "endpoint", endpoint }, { "reason", reason } });

    public void CircuitOpened(string endpoint) => circuitOpened.Add(1, new TagList { { "endpoint", endpoint } });

    public void Dispose()
    {
        if (ownsMeter) meter.Dispose();
    }
}
