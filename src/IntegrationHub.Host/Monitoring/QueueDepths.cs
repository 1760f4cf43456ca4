using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IntegrationHub.Host.Monitoring;

/// <summary>What the broker holds in a queue: messages ready for delivery, and the consumers attached (all processes).</summary>
public readonly record struct BrokerQueue(long Depth, int Consumers);

/// <summary>The broker's figures of queues; empty where the transport has none to give (in memory).</summary>
public interface IQueueDepthSource
{
    Task<IReadOnlyDictionary<string, BrokerQueue>> ReadAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken);
}

/// <summary>
/// The in-memory transport's queues live inside this process and MassTransit exposes no depth for them: the overview
/// shows what this process handles (<see cref="QueueActivity"/>) and no broker figures.
/// </summary>
internal sealed class NoQueueDepths : IQueueDepthSource
{
    public Task<IReadOnlyDictionary<string, BrokerQueue>> ReadAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, BrokerQueue>>(new Dictionary<string, BrokerQueue>());
}

/// <summary>
/// RabbitMQ's own count of each queue: a passive queue declare (AMQP <c>queue.declare</c>, passive) answers the ready
/// messages and consumers without touching the queue or needing the management plugin. One connection of its own
/// (<c>hub overview</c>), opened on first use and again after the broker dropped it; a queue not declared yet is
/// left out (the broker closes the channel over it, so the next queue gets a new one).
/// </summary>
internal sealed class RabbitMqQueueDepths(IOptions<HubOptions> options) : IQueueDepthSource, IAsyncDisposable
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private IConnection? _connection;

    public async Task<IReadOnlyDictionary<string, BrokerQueue>> ReadAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, BrokerQueue>(StringComparer.Ordinal);
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var connection = await ConnectionAsync(cancellationToken);
            IChannel? channel = null;
            try
            {
                foreach (var queue in queues)
                {
                    channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    try
                    {
                        var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                        figures[queue] = new BrokerQueue(ok.MessageCount, (int)ok.ConsumerCount);
                    }
                    catch (OperationInterruptedException)
                    {
                        await channel.DisposeAsync();
                        channel = null;
                    }
                }
            }
            finally
            {
                if (channel is not null)
                {
                    await channel.CloseAsync(cancellationToken);
                    await channel.DisposeAsync();
                }
            }
        }
        finally
        {
            _sync.Release();
        }

        return figures;
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connection = await options.Value.Bus.RabbitMq.ConnectionFactory("hub overview").CreateConnectionAsync(cancellationToken);
        return _connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _sync.Dispose();
    }
}
