using IntegrationHub.Contracts.Connectors;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Every side effect on an outside system goes here. The delivery is stored with the caller's unit of work and
/// a background dispatcher hands it to the named connector with retries; the result comes back as a
/// <see cref="Events.Hub.DeliverySucceeded"/> or <see cref="Events.Hub.DeliveryFailed"/> event.
/// </summary>
public interface IOutbox
{
    /// <summary>Enqueues a delivery; a second call with the same <see cref="OutboxDelivery.IdempotencyKey"/> is ignored.</summary>
    Task<Guid> EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default);
}
