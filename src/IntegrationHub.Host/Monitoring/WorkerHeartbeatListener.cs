using IntegrationHub.Contracts.Workers;
using MassTransit;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// Gives the <see cref="WorkerRegistry"/> every worker heartbeat, on a queue of this hub process's own (every hub
/// instance hears every worker), connected once the bus is up. On RabbitMQ the queue is classic, not durable and
/// auto-deleted with the process: heartbeats are only worth anything live.
/// </summary>
internal sealed class WorkerHeartbeatListener(IReceiveEndpointConnector bus, WorkerRegistry registry) : IHostedService
{
    private HostReceiveEndpointHandle? _handle;

    public static string QueueName { get; } = $"hub.workers.{Environment.MachineName.ToLowerInvariant()}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}";

    public async Task StartAsync(CancellationToken cancellationToken)
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
        await _handle.Ready.WaitAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_handle is not null)
        {
            await _handle.StopAsync(cancellationToken);
        }
    }
}
