using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox.Deliveries;

/// <summary>
/// Drains the delivery port: claims due deliveries (with a lease, so several hub instances can share the table),
/// hands each to its connector, reschedules transient failures with growing delays, and parks permanent ones in the
/// error store, announcing the outcome as <see cref="DeliverySucceeded"/> or <see cref="DeliveryFailed"/>.
/// </summary>
internal sealed class DeliveryDispatcher(
    DeliveryOutboxStore outbox,
    ErrorStore errors,
    OutboxSignal signal,
    IServiceProvider services,
    HubMetrics metrics,
    IOptions<OutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryDispatcher> logger) : OutboxPortDispatcher(signal, options, lifetime, logger)
{
    protected override OutboxPort Port => OutboxPort.Deliveries;

    protected override async Task<bool> DispatchRoundAsync(CancellationToken cancellationToken)
    {
        var claimed = await outbox.ClaimDueAsync(Settings.BatchSize, Settings.ClaimLease, cancellationToken);
        await WorkInParallelAsync(outbox, claimed, e => e.Id, DeliverAsync, cancellationToken);
        metrics.OutboxDepth("deliveries", await outbox.CountPendingAsync(cancellationToken));
        return claimed.Count == Settings.BatchSize;
    }

    private async ValueTask DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var delivery = entry.Delivery;
        var attempts = entry.Attempts + 1;
        DeliveryResult result;
        try
        {
            result = await Connector(delivery.Connector).DeliverAsync(delivery, cancellationToken);
        }
        catch (KeyNotFoundException e)
        {
            result = DeliveryResult.Rejected(e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Transient($"{e.GetType().Name}: {e.Message}");
        }

        metrics.Delivery(delivery.Connector, result.Succeeded ? "delivered" : result.Permanent ? "rejected" : "retry");
        if (result.Succeeded)
        {
            await outbox.MarkDeliveredAsync(entry.Id, attempts, result.ExternalId, cancellationToken);
            var succeeded = new DeliverySucceeded(entry.Id, delivery.Connector, delivery.Operation, delivery.IdempotencyKey, delivery.CorrelationKey, result.ExternalId, attempts, DateTimeOffset.UtcNow);
            await Publisher.PublishAsync(ContractMessage.Of(succeeded, Contracts), cancellationToken);
            return;
        }

        if (!result.Permanent && attempts < Settings.MaxAttempts)
        {
            var delay = Settings.RetryDelay(attempts);
            logger.LogWarning("Delivery {Id} to {Connector} failed (attempt {Attempt}): {Error}; retrying in {Delay}", entry.Id, delivery.Connector, attempts, result.Error, delay);
            await outbox.RescheduleAsync(entry.Id, attempts, DateTimeOffset.UtcNow + delay, result.Error ?? "failed", cancellationToken);
            return;
        }

        logger.LogError("Delivery {Id} to {Connector} failed for good after {Attempts} attempts: {Error}", entry.Id, delivery.Connector, attempts, result.Error);
        await outbox.MarkFailedAsync(entry.Id, attempts, result.Error ?? "failed", cancellationToken);
        await errors.AddAsync(new ErrorRecord(
            NewId.NextGuid(),
            ErrorKinds.Delivery,
            delivery.Connector,
            delivery.Operation,
            entry.Id.ToString(),
            entry.Id.ToString(),
            new Dictionary<string, string> { ["idempotencyKey"] = delivery.IdempotencyKey, ["source"] = entry.Source, ["statusCode"] = result.StatusCode?.ToString() ?? "" },
            result.Error ?? "failed",
            result.Response,
            attempts,
            DateTimeOffset.UtcNow,
            null), cancellationToken);
        var failed = new DeliveryFailed(entry.Id, delivery.Connector, delivery.Operation, delivery.IdempotencyKey, delivery.CorrelationKey, result.Error ?? "failed", result.StatusCode, result.Response, attempts, DateTimeOffset.UtcNow);
        await Publisher.PublishAsync(ContractMessage.Of(failed, Contracts), cancellationToken);
    }

    // Resolved when needed: the bus is composed after the outbox.
    private IContractPublisher Publisher => services.GetRequiredService<IContractPublisher>();

    private ContractRegistry Contracts => services.GetRequiredService<ContractRegistry>();

    private IConnector Connector(string name) =>
        (services.GetService<IConnectorRegistry>() ?? throw new KeyNotFoundException($"No connector '{name}': the hub has no connectors configured.")).Get(name);
}
