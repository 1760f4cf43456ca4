using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// <see cref="IOutbox"/> for a plugin. Inside a handler it writes into the handler's unit of work; outside one,
/// each delivery commits on its own.
/// </summary>
internal sealed class TransactionalOutbox(OutboxStore store, HubDatabase database, OutboxSignal signal, string source, UnitOfWork? unitOfWork = null) : IOutbox
{
    /// <summary>The connector name under which messages published inside a handler wait for the commit.</summary>
    public const string BusConnector = "hub.bus";

    public async Task<Guid> EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        if (unitOfWork is not null)
        {
            return await store.EnqueueAsync(unitOfWork, source, delivery);
        }

        await using var work = await database.BeginAsync(cancellationToken);
        var id = await store.EnqueueAsync(work, source, delivery);
        await work.CommitAsync(cancellationToken);
        signal.Notify();
        return id;
    }
}

/// <summary>
/// <see cref="IMessagePublisher"/> inside a handler: the message is stored in the outbox with the handler's
/// unit of work and published by the dispatcher after the commit, so a failed handler publishes nothing and a
/// crash after the commit still publishes (with the same message id, which the receivers' inboxes deduplicate).
/// </summary>
internal sealed class OutboxPublisher(IOutbox outbox, ContractRegistry contracts, Guid causationId, string plugin) : IMessagePublisher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _sequence;

    public async Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        var name = contracts.NameOf(message.GetType());
        var payload = JsonSerializer.SerializeToNode(message, message.GetType(), Json)!.AsObject();
        var sequence = Interlocked.Increment(ref _sequence);
        await outbox.EnqueueAsync(
            new OutboxDelivery(TransactionalOutbox.BusConnector, name, payload, $"{plugin}:{causationId}:{sequence}", plugin),
            cancellationToken);
    }

    internal static object Deserialize(JsonObject payload, Type type) => payload.Deserialize(type, Json)!;
}
