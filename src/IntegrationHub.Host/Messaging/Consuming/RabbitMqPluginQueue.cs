using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Telemetry;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>What every plugin queue's consumer shares.</summary>
internal sealed record PluginQueueServices(
    PluginDispatcher Dispatcher,
    ContractRegistry Contracts,
    FailedDeliveries Failed,
    RequestReplies Replies,
    HubMetrics Metrics,
    QueueActivity Activity,
    HubOptions Hub,
    ILogger Logger);

/// <summary>
/// A plugin's queue consumed with RabbitMQ.Client, on the topology MassTransit declares for a receive endpoint (the
/// queue, a fanout exchange of its name bound to it, the contracts' exchanges bound to that), so MassTransit's
/// publishers and request clients reach it unchanged. It exists for the hot path: MassTransit's receive pipe cost the
/// hub more CPU per message than everything else it does, and acking a committed batch with one <c>multiple</c> ack
/// saves the broker a frame per message (docs/benchmarks.md). Retries, redeliveries, the inbox and the unit of work
/// are the dispatch pipeline's, as on any endpoint; a message that fails for good goes to the error store and queue.
/// </summary>
/// <remarks>
/// When the connection drops it connects again by itself, every moment up to every 5 s, and declares its topology
/// again. Stopping cancels the consumer and waits for the messages in hand to finish.
/// </remarks>
internal sealed class RabbitMqPluginQueue(string pluginId, string queue, IReadOnlyList<(Type Message, Type? Reply)> handlers, PluginQueueServices services)
    : IAsyncDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);
    private readonly PluginMessageTypes _types = new(pluginId, handlers, services.Contracts);
    private readonly CancellationTokenSource _stopping = new();
    private readonly InFlight _inFlight = new();
    private PluginQueueSession? _session;
    private Task _reconnecting = Task.CompletedTask;

    public string Queue => queue;

    /// <summary>Connected and consuming.</summary>
    public bool IsConsuming => _session is { IsOpen: true };

    /// <summary>Connects and starts consuming; waits (connecting again) while the broker is away.</summary>
    public async Task StartAsync(CancellationToken cancellationToken) => await ConnectUntilConsumingAsync(cancellationToken);

    private async Task ConnectUntilConsumingAsync(CancellationToken cancellationToken)
    {
        for (var wait = TimeSpan.FromMilliseconds(100); ; wait = wait * 2 < LongestWait ? wait * 2 : LongestWait)
        {
            try
            {
                _session = await ConnectAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                services.Logger.LogWarning("Cannot consume {Queue} yet ({Error}); trying again in {Wait}", queue, e.Message, wait);
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private async Task<PluginQueueSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var bus = services.Hub.Bus;
        var factory = bus.RabbitMq.ConnectionFactory($"hub consumer {queue} ({Environment.MachineName})");
        factory.AutomaticRecoveryEnabled = false;
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: (ushort)bus.ConcurrencyLimit), cancellationToken);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var session = new PluginQueueSession(connection, channel, publisher);
        try
        {
            await DeclareAsync(channel, cancellationToken);
            await channel.BasicQosAsync(0, (ushort)bus.PrefetchCount, false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => ReceiveAsync(session, delivery);
            session.ConsumerTag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
            connection.ConnectionShutdownAsync += (_, reason) => OnLostAsync(session, reason.ReplyText);
            channel.ChannelShutdownAsync += (_, reason) => OnLostAsync(session, reason.ReplyText);
            services.Logger.LogInformation("Consuming {Queue} for plugin {Plugin}", queue, pluginId);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var arguments = services.Hub.Bus.RabbitMq.QuorumQueues ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null;
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, string.Empty, cancellationToken: cancellationToken);
        foreach (var (message, _) in handlers)
        {
            var exchange = ContractEntityNameFormatter.ExchangeName(services.Contracts.NameOf(message));
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
            await channel.ExchangeBindAsync(queue, exchange, string.Empty, cancellationToken: cancellationToken);
        }

        await FailedDeliveries.DeclareAsync(channel, queue, arguments, cancellationToken);
    }

    /// <summary>The broker closed the connection or the channel: unless stopping, connect again in the background.</summary>
    private Task OnLostAsync(PluginQueueSession session, string reason)
    {
        if (_stopping.IsCancellationRequested || !ReferenceEquals(Interlocked.CompareExchange(ref _session, null, session), session))
        {
            return Task.CompletedTask;
        }

        services.Logger.LogWarning("Lost {Queue} ({Reason}); connecting again", queue, reason);
        _reconnecting = Task.Run(async () =>
        {
            await session.DisposeAsync();
            await ConnectUntilConsumingAsync(_stopping.Token);
        });
        return Task.CompletedTask;
    }

    private async Task ReceiveAsync(PluginQueueSession session, BasicDeliverEventArgs delivery)
    {
        using var inFlight = _inFlight.Enter();
        services.Activity.Received(queue);
        try
        {
            await ReceiveAsync(session, delivery.DeliveryTag, delivery.BasicProperties, delivery.Body);
        }
        finally
        {
            services.Activity.Done(queue);
        }
    }

    private async Task ReceiveAsync(PluginQueueSession session, ulong deliveryTag, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var (message, envelope) = MessageEnvelope.Unwrap(properties, body);
        var incoming = new RabbitMqDelivery(queue, properties, envelope, _stopping.Token);
        using var activity = incoming.StartActivity(services.Metrics.ConsumerActivities);
        var requeue = false;
        try
        {
            await HandleAsync(incoming, message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Cut short by the stop timeout: not a failure. Left unacked, it comes back at the next start.
            return;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            requeue = !await services.Failed.KeepAsync(session.Publisher, incoming, body, e);
        }

        try
        {
            await session.Acks.CompleteAsync(deliveryTag, requeue);
        }
        catch (Exception e) when (!session.IsOpen)
        {
            // The channel went with the connection: the broker gives the message again, and the inbox knows it.
            services.Logger.LogDebug("Could not ack {MessageId} on a closed channel ({Error})", incoming.MessageId, e.Message);
        }
    }

    private async Task HandleAsync(RabbitMqDelivery incoming, ReadOnlyMemory<byte> body)
    {
        var (type, replyType) = _types.Resolve(incoming);
        var message = _types.Read(body, type);

        var isRequest = replyType is not null && RequestReplies.IsRequest(incoming);
        try
        {
            var reply = await services.Dispatcher.DispatchAsync(pluginId, incoming, message, type, isRequest);
            if (isRequest)
            {
                await services.Replies.ReplyAsync(incoming, reply!, replyType!);
            }
        }
        catch (Exception e) when (isRequest && !_stopping.IsCancellationRequested)
        {
            await services.Replies.FaultAsync(incoming, message, type, e);
            throw;
        }
    }

    /// <summary>Stops taking messages and waits for those in hand to finish (cancelling them at the stop timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var session = _session;
        if (session is { IsOpen: true, ConsumerTag: { } tag })
        {
            try
            {
                await session.Channel.BasicCancelAsync(tag, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (!session.IsOpen)
            {
                services.Logger.LogDebug("Cancel of {Queue}'s consumer found it closed ({Error})", queue, e.Message);
            }
        }

        try
        {
            await _inFlight.DrainedAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            services.Logger.LogWarning("Stopping {Queue} with messages still in hand; they come back at the next start", queue);
        }

        await _stopping.CancelAsync();
        await _reconnecting.ContinueWith(_ => { }, TaskScheduler.Default);
        if (Interlocked.Exchange(ref _session, null) is { } last)
        {
            await last.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await StopAsync(timeout.Token);
        _stopping.Dispose();
    }
}
