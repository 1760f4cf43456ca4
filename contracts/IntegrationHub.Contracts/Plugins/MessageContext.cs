namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Everything a handler gets about the message it handles, and the unit of work it runs in:
/// <see cref="Store"/> writes, <see cref="Outbox"/> deliveries and <see cref="Publisher"/> messages
/// commit together with the inbox record, or not at all.
/// </summary>
public sealed class MessageContext(
    Guid messageId,
    string messageType,
    Guid? correlationId,
    int attempt,
    IReadOnlyDictionary<string, string> headers,
    IPluginStore store,
    IOutbox outbox,
    IMessagePublisher publisher)
{
    public Guid MessageId { get; } = messageId;

    /// <summary>The contract name from <see cref="Messaging.MessageContractAttribute"/>.</summary>
    public string MessageType { get; } = messageType;

    public Guid? CorrelationId { get; } = correlationId;

    /// <summary>1 on first delivery, then 2, 3… across immediate retries and delayed redeliveries.</summary>
    public int Attempt { get; } = attempt;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public IPluginStore Store { get; } = store;

    public IOutbox Outbox { get; } = outbox;

    /// <summary>Messages published here leave the hub only if the handler succeeds.</summary>
    public IMessagePublisher Publisher { get; } = publisher;
}
