namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// One delivery as the dispatch pipeline reads it, whichever consumer took it off the transport (MassTransit's, or
/// the hub's own RabbitMQ.Client consumer on plugin queues).
/// </summary>
internal abstract class IncomingMessage
{
    public abstract Guid? MessageId { get; }

    public abstract Guid? CorrelationId { get; }

    /// <summary>When the sender sent it (from the header, else from the sequential message id).</summary>
    public abstract DateTime? SentTime { get; }

    /// <summary>The queue it was taken from.</summary>
    public abstract string Queue { get; }

    public abstract CancellationToken CancellationToken { get; }

    /// <summary>How many times the hub has redelivered it (<see cref="HubHeaders.Redelivery"/>).</summary>
    public int Redelivery => Header(HubHeaders.Redelivery) is { } value && int.TryParse(value.ToString(), out var count) ? count : 0;

    /// <summary>One header's value, or null when it has none.</summary>
    public abstract object? Header(string name);

    /// <summary>The headers as text (see <see cref="HeaderText"/>).</summary>
    public abstract Dictionary<string, string> HeadersText(bool scalarsOnly = false);
}
