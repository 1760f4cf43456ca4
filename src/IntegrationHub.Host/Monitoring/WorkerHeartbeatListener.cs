using IntegrationHub.Contracts.Workers;
using MassTransit;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// Gives the <see cref="WorkerRegistry"/> every worker heartbeat, on a queue of this hub instance's own (every hub
/// instance hears every worker, also two hubs in one process). On RabbitMQ the queue is classic, not durable and
/// auto-deleted with the process: heartbeats are only worth anything live. Starting does not wait for the broker: a hub
/// starts (and takes events into its store) while the broker is away, and the queue is consumed once the bus connects.
/// </summary>
internal sealed class WorkerHeartbeatListener(IReceiveEndpointConnector bus, WorkerRegistry registry) : IHostedService
{
    private HostReceiveEndpointHandle? _handle;

    public string QueueName { get; } = $"hub.workers.{Environment.MachineName.ToLowerInvariant()}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _handle = bus.ConnectReceiveEndpoint(QueueName, (_, endpoint) =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.Durable = false;
                rabbit.AutoDelete = true;
            }

            endpoint.Handler<WorkerHeartbeat>(context =>
            {
                registry.Record(context.Message);
                return Task.CompletedTask;
            });
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_handle is not null)
        {
            await _handle.StopAsync(cancellationToken);
        }
    }
}
