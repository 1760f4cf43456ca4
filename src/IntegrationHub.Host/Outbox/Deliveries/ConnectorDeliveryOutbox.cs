using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.Outbox.Deliveries;

/// <summary>
/// <see cref="IOutbox"/> for a plugin: deliveries to outside systems. Inside a handler it writes into the handler's
/// unit of work; outside one, each delivery commits on its own.
/// </summary>
internal sealed class ConnectorDeliveryOutbox(DeliveryOutboxStore store, HubDatabase database, OutboxSignal signal, string source, UnitOfWork? unitOfWork = null) : IOutbox
{
    public async Task<Guid> EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        if (unitOfWork is not null)
        {
            return await store.EnqueueAsync(unitOfWork, source, delivery);
        }

        await using var work = await database.BeginAsync(cancellationToken);
        var id = await store.EnqueueAsync(work, source, delivery);
        await work.CommitAsync(cancellationToken);
        signal.Notify(OutboxPort.Deliveries);
        return id;
    }
}
