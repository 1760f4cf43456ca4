using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using OpenAI;

namespace IntegrationHub.Reasoning.Llm;

/// <summary>
/// One <see cref="IChatClient"/> per (endpoint, model, key), built by Semantic Kernel's OpenAI connector over an
/// OpenAI client whose transport is the endpoint's <see cref="EndpointGate"/>. Azure OpenAI is reached through its
/// OpenAI-compatible v1 surface (<c>{resource}/openai/v1/</c>, <c>api-key</c> header), so one connector serves both.
/// </summary>
public sealed class ChatClientProvider(IOptions<ReasoningOptions> options, ReasoningMetrics metrics) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EndpointGate>> gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string, string?, string), Lazy<IChatClient>> clients = new();

    public EndpointGate Gate(SkillModel model) => gates.GetOrAdd(model.Endpoint.AbsoluteUri,
        _ => new Lazy<EndpointGate>(() => new EndpointGate(model.Endpoint, model, options.Value.CircuitBreaker, metrics))).Value;

    public IChatClient Client(SkillModel model) =>
        clients.GetOrAdd((model.Endpoint.AbsoluteUri, model.Provider, model.ApiKey, model.Model), _ => new Lazy<IChatClient>(() => Build(model))).Value;

    private IChatClient Build(SkillModel model)
    {
        var gate = Gate(model);
        var endpoint = model.Provider == "azure" && !model.Endpoint.AbsolutePath.Contains("/openai/", StringComparison.OrdinalIgnoreCase)
            ? new Uri(model.Endpoint, "openai/v1/")
            : model.Endpoint;
        var openAi = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? "none" : model.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = endpoint,
                Transport = new HttpClientPipelineTransport(gate.HttpClient),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            });
        var kernel = Kernel.CreateBuilder().AddOpenAIChatClient(model.Model, openAi).Build();
        return kernel.Services.GetRequiredService<IChatClient>();
    }

    public void Dispose()
    {
        foreach (var c in clients.Values.Where(c => c.IsValueCreated)) c.Value.Dispose();
        foreach (var g in gates.Values.Where(g => g.IsValueCreated)) g.Value.Dispose();
    }
}
