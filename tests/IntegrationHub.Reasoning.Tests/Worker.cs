using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>The real worker, composed the way the host composes it, from in-memory configuration.</summary>
public sealed class Worker : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public Worker(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        configure?.Invoke(services);
        services.AddReasoningWorker(configuration);
        provider = services.BuildServiceProvider();
    }

    public IReasoningService Service => provider.GetRequiredService<IReasoningService>();

    public IServiceProvider Services => provider;

    /// <summary>Settings pointing every skill at <paramref name="endpoint"/> with fast retries and a short breaker.</summary>
    public static Dictionary<string, string?> Llm(Uri endpoint, params (string Key, string? Value)[] extra)
    {
        var d = new Dictionary<string, string?>
        {
            ["Reasoning:Llm:Endpoint"] = endpoint.ToString(),
            ["Reasoning:Llm:ApiKey"] = "test-key",
            ["Reasoning:Llm:Model"] = "qwen-test",
            ["Reasoning:Llm:TimeoutSeconds"] = "10",
            ["Reasoning:Llm:MaxRetries"] = "2",
            ["Reasoning:Llm:RetryBaseDelaySeconds"] = "0.01",
            ["Reasoning:Llm:PromptPricePer1K"] = "0.002",
            ["Reasoning:Llm:CompletionPricePer1K"] = "0.006",
        };
        foreach (var (k, v) in extra) d[k] = v;
        return d;
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
