using IntegrationHub.Contracts.Connectors;

namespace IntegrationHub.Connectors;

/// <summary>Delivers outbox entries to one outside system. One attempt per call; the outbox dispatcher schedules the next.</summary>
public interface IConnector
{
    Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken ct);
}

/// <summary>The connector instances configured under <c>Connectors:{name}</c>.</summary>
public interface IConnectorRegistry
{
    IReadOnlyList<string> Names { get; }

    /// <summary>Throws <see cref="KeyNotFoundException"/> with a clear message for an unknown name.</summary>
    IConnector Get(string name);
}
