using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;
using MassTransit;

namespace IntegrationHub.Host.Outbox.Publishes;

/// <summary>
/// <see cref="IMessagePublisher"/> inside a handler: the message is stored with the handler's unit of work and
/// published by the <see cref="PublishDispatcher"/> after the commit, so a failed handler publishes nothing and a
/// crash after the commit still publishes (with the same message id, which the receivers' inboxes deduplicate).
/// </summary>
internal sealed class DeferredPublisher(PublishOutboxStore store, UnitOfWork unitOfWork, ContractRegistry contracts, Guid causationId, string plugin) : IMessagePublisher
{
    private int _sequence;

    /// <summary>Messages published so far.</summary>
    public int Count => Volatile.Read(ref _sequence);

    public async Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        var type = message.GetType();
        var contract = contracts.NameOf(type);
        var sequence = Interlocked.Increment(ref _sequence);
        // The key makes a request handler that runs twice for one message (requests skip the inbox) publish once.
        await store.EnqueueAsync(unitOfWork, NewId.NextGuid(), plugin, contract, JsonSerializer.Serialize(message, type, ContractJson.Options), $"{plugin}:{causationId}:{sequence}", Activity.Current?.Id);
    }
}
