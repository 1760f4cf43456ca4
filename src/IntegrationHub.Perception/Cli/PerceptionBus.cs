using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Perception.Cli;

/// <summary>
/// A bus for the CLI and the benchmark: in-memory with the perception consumers in this process, or RabbitMQ
/// (settings from <c>Hub:Bus:RabbitMq</c>, as the host reads them) with or without local consumers.
/// </summary>
public sealed class PerceptionBus : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;
    private readonly Uri _destination;

    private PerceptionBus(ServiceProvider provider, bool rabbitMq)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();

        // On RabbitMQ the hub's endpoints are quorum queues: send to the endpoint's exchange, not a queue: address.
        _destination = new Uri(rabbitMq ? $"exchange:{PerceptionServiceCollectionExtensions.EndpointName}" : $"queue:{PerceptionServiceCollectionExtensions.EndpointName}");
    }

    public IServiceProvider Services => _provider;

    /// <param name="transport">inmemory or rabbitmq.</param>
    /// <param name="localConsumers">Host the perception consumers here (always, for in-memory).</param>
    public static async Task<PerceptionBus> StartAsync(IConfiguration configuration, string transport, bool localConsumers, CancellationToken cancellationToken)
    {
        var rabbitMq = string.Equals(transport, "rabbitmq", StringComparison.OrdinalIgnoreCase);
        if (!rabbitMq && !string.Equals(transport, "inmemory", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Unknown bus '{transport}': use inmemory or rabbitmq.", nameof(transport));
        }

        var services = new ServiceCollection().AddPerceptionWorker(configuration);
        services.AddMassTransit(x =>
        {
            if (localConsumers || !rabbitMq)
            {
                x.AddPerceptionConsumers();
            }

            if (rabbitMq)
            {
                var rabbit = configuration.GetSection("Hub:Bus:RabbitMq");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbit["Host"] ?? "127.0.0.1", ushort.Parse(rabbit["Port"] ?? "5672", System.Globalization.CultureInfo.InvariantCulture), rabbit["VirtualHost"] ?? "/", h =>
                    {
                        h.Username(rabbit["Username"] ?? "guest");
                        h.Password(rabbit["Password"] ?? "guest");
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        var provider = services.BuildServiceProvider();
        var result = new PerceptionBus(provider, rabbitMq);
        await result._bus.StartAsync(cancellationToken);
        return result;
    }

    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        where TRequest : class
        where TReply : class
    {
        var client = _bus.CreateRequestClient<TRequest>(_destination, RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
        var response = await client.GetResponse<TReply>(request, cancellationToken);
        return response.Message;
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _provider.DisposeAsync();
    }
}
