using IntegrationHub.Perception.Cli;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Benchmarks;

/// <summary>
/// The one place <see cref="PerceptionBenchmark"/> touches a bus: the perception worker's consumers in this process on
/// the chosen transport (in-memory or RabbitMQ), and request/reply to them. Swap the bus setup here only.
/// </summary>
internal sealed class PerceptionBenchBus : IAsyncDisposable
{
    private readonly PerceptionBus _bus;

    private PerceptionBenchBus(PerceptionBus bus) => _bus = bus;

    /// <summary>The worker's services (the benchmark reads the loaded model from them).</summary>
    public IServiceProvider Services => _bus.Services;

    /// <param name="transport">inmemory or rabbitmq.</param>
    public static async Task<PerceptionBenchBus> StartAsync(IConfiguration configuration, string transport, CancellationToken cancellationToken) =>
        new(await PerceptionBus.StartAsync(configuration, transport, localConsumers: true, cancellationToken));

    public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        where TRequest : class
        where TReply : class =>
        _bus.RequestAsync<TRequest, TReply>(request, timeout, cancellationToken);

    public ValueTask DisposeAsync() => _bus.DisposeAsync();
}
