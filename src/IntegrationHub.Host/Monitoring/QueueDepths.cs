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
/// left out (the broker closes the channel over it, so the next queue gets a new one). A reading that fails or takes
/// longer than <see cref="ReadTimeout"/> gives what it has so far: the overview is most needed while the broker is away.
/// </summary>
internal sealed class RabbitMqQueueDepths(IOptions<HubOptions> options, ILogger<RabbitMqQueueDepths> log) : IQueueDepthSource, IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sync = new(1, 1);
    private IConnection? _connection;
    private bool _unreachable;

    public async Task<IReadOnlyDictionary<string, BrokerQueue>> ReadAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, BrokerQueue>(StringComparer.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            await _sync.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return figures;
        }

        try
        {
            await ReadIntoAsync(figures, queues, timeout.Token);
            _unreachable = false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or OperationInterruptedException or TimeoutException or OperationCanceledException)
        {
            if (!_unreachable)
            {
                log.LogWarning("The broker's queue figures could not be read ({Problem}); the overview shows none until it answers again", e.Message);
            }

            _unreachable = true;
            await DropConnectionAsync();
        }
        finally
        {
            _sync.Release();
        }

        return figures;
    }

    private async Task ReadIntoAsync(Dictionary<string, BrokerQueue> figures, IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
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
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
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
                await channel.DisposeAsync();
            }
        }
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        await DropConnectionAsync();
        _connection = await options.Value.Bus.RabbitMq.ConnectionFactory("hub overview").CreateConnectionAsync(cancellationToken);
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            // Abort, not close: a broker that does not answer would hold a close for its whole timeout.
            await _connection.AbortAsync();
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _sync.Dispose();
    }
}
