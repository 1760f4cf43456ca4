using System.Collections.Concurrent;
using System.Diagnostics;
using IntegrationHub.Host.Configuration;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IntegrationHub.Host.Messaging.Publishing;

/// <summary>
/// <see cref="IContractPublisher"/> on RabbitMQ.Client: one connection and one channel with publisher confirms, each
/// publish awaiting its confirm, onto the topology MassTransit's consumers expect (the contract's durable fanout
/// exchange, the message types in <c>MT-MessageType</c>, the id as the AMQP message id). MassTransit's publish pipe
/// cost the hub as much CPU per message as everything RabbitMQ.Client does for it (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// While the broker is away a publish waits, connecting again every moment, as MassTransit's does; a message whose
/// confirm was lost with the connection is published again under its id, a duplicate the receivers' inboxes skip. A
/// channel the broker closed (an exchange deleted under it) fails that publish and is opened again at the next.
/// </remarks>
internal sealed class RabbitMqContractPublisher(IOptions<HubOptions> options, ILogger<RabbitMqContractPublisher> logger) : IContractPublisher, IAsyncDisposable
{
    private const string JsonContentType = "application/json";
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<Type, string> MessageTypes = new();
    private readonly ConcurrentDictionary<string, bool> _declared = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _opening = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public async Task PublishAsync(ContractMessage message, CancellationToken cancellationToken)
    {
        for (var wait = TimeSpan.FromMilliseconds(100); ; wait = wait * 2 < LongestWait ? wait * 2 : LongestWait)
        {
            try
            {
                await PublishOnceAsync(message, cancellationToken);
                return;
            }
            catch (Exception e) when (BrokerAway(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Broker away ({Error}); publish of {MessageId} waits {Wait}", e.Message, message.MessageId, wait);
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    /// <summary>Unreachable, or the connection went down: worth waiting for, as MassTransit's publish does.</summary>
    private bool BrokerAway(Exception e) => e is BrokerUnreachableException || _connection is not { IsOpen: true };

    private async Task PublishOnceAsync(ContractMessage message, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(cancellationToken);
        var exchange = ContractEntityNameFormatter.ExchangeName(message.Contract);
        if (!_declared.ContainsKey(exchange))
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            _declared[exchange] = true;
        }

        await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, Properties(message), message.Json, cancellationToken);
    }

    private static BasicProperties Properties(ContractMessage message)
    {
        var headers = new Dictionary<string, object?>(message.Headers.Count + 2)
        {
            [MessageHeaders.MessageType] = MessageTypes.GetOrAdd(message.Type, MessageTypeNames),
        };
        foreach (var (name, value) in message.Headers)
        {
            headers[name] = value;
        }

        if (Activity.Current is { } activity)
        {
            DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) => ((Dictionary<string, object?>)carrier!)[name] = value);
        }

        return new BasicProperties
        {
            MessageId = message.MessageId.ToString(),
            ContentType = JsonContentType,
            Persistent = true,
            Headers = headers,
        };
    }

    /// <summary>The type and the types it implements, as MassTransit lists them for its consumers to match.</summary>
    private static string MessageTypeNames(Type type) =>
        string.Join(";", (string[])typeof(MessageTypeCache<>).MakeGenericType(type).GetProperty(nameof(MessageTypeCache<object>.MessageTypeNames))!.GetValue(null)!);

    /// <summary>
    /// The open channel, else a new one, on a new connection when the last one closed. The client's own recovery is
    /// off: it gives up on some refusals (a virtual host's connection limit), where this tries again at each publish.
    /// </summary>
    private async ValueTask<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _channel) is { IsOpen: true } open)
        {
            return open;
        }

        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } opened)
            {
                return opened;
            }

            if (_connection is not { IsOpen: true })
            {
                await CloseAsync();
                _connection = await ConnectAsync(cancellationToken);
            }

            // A channel the broker closed (an exchange deleted under it) may have lost what it declared.
            _declared.Clear();
            _channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _channel;
        }
        finally
        {
            _opening.Release();
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var rabbit = options.Value.Bus.RabbitMq;
        var factory = rabbit.ConnectionFactory($"hub publisher ({Environment.MachineName})");
        factory.AutomaticRecoveryEnabled = false;
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        logger.LogInformation("Contract publisher connected to {Host}:{Port}/{VirtualHost}", rabbit.Host, rabbit.Port, rabbit.VirtualHost);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _opening.Dispose();
    }

    private async Task CloseAsync()
    {
        try
        {
            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already gone with the broker.
        }

        _channel = null;
        _connection = null;
    }
}
