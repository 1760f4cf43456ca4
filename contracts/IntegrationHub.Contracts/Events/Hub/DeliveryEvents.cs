using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Events.Hub;

/// <summary>An outbox delivery reached its target.</summary>
[MessageContract("hub.delivery-succeeded")]
public sealed record DeliverySucceeded(
    Guid DeliveryId,
    string Connector,
    string Operation,
    string IdempotencyKey,
    string? CorrelationKey,
    string? ExternalId,
    int Attempts,
    DateTimeOffset DeliveredAt) : IHasBusinessKey
{
    public string BusinessKey => $"delivery-succeeded:{DeliveryId}";
}

/// <summary>An outbox delivery failed for good (permanent rejection, or retries exhausted); it is in the error store, replayable.</summary>
[MessageContract("hub.delivery-failed")]
public sealed record DeliveryFailed(
    Guid DeliveryId,
    string Connector,
    string Operation,
    string IdempotencyKey,
    string? CorrelationKey,
    string Error,
    int? StatusCode,
    string? Response,
    int Attempts,
    DateTimeOffset FailedAt) : IHasBusinessKey
{
    public string BusinessKey => $"delivery-failed:{DeliveryId}:{Attempts}";
}
