using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// One connection's worth of consuming a plugin queue: the connection, the consuming channel and its acks, and a
/// channel with publisher confirms for moving failed messages to the error queue.
/// Delivery tags belong to the channel, so a session that closed (the broker went away) acks nothing more; its
/// unacked deliveries come back on the next session and the inbox skips whatever had already committed.
/// </summary>
internal sealed class PluginQueueSession(IConnection connection, IChannel channel, IChannel publisher) : IAsyncDisposable
{
    public IConnection Connection { get; } = connection;

    public IChannel Channel { get; } = channel;

    public IChannel Publisher { get; } = publisher;

    public DeliveryAcks Acks { get; } = new(channel);

    public string? ConsumerTag { get; set; }

    public bool IsOpen => Connection.IsOpen && Channel.IsOpen;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Channel.DisposeAsync();
            await Publisher.DisposeAsync();
            await Connection.DisposeAsync();
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already gone with the broker.
        }
    }
}
