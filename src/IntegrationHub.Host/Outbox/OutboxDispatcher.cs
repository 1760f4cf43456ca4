using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// Drains the outbox: claims due deliveries (with a lease, so several hub instances can share the table), hands
/// each to its connector (or, for <see cref="TransactionalOutbox.BusConnector"/>, publishes the stored message; for
/// <see cref="TimerDeferral.Connector"/>, applies a handler's timer changes),
/// reschedules transient failures with growing delays, and parks permanent ones in the error store, announcing
/// the outcome as <see cref="DeliverySucceeded"/> or <see cref="DeliveryFailed"/>.
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxStore outbox,
    ErrorStore errors,
    OutboxSignal signal,
    IServiceProvider services,
    ContractRegistry contracts,
    HubMetrics metrics,
    IOptions<HubOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Outbox;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await outbox.ClaimDueAsync(settings.BatchSize, TimeSpan.FromMinutes(2), stoppingToken);
                // Timer changes go one after another, in the order their handlers committed; deliveries in parallel.
                foreach (var entry in claimed.Where(e => e.Delivery.Connector == TimerDeferral.Connector))
                {
                    await DeliverAsync(entry, stoppingToken);
                }

                await Parallel.ForEachAsync(
                    claimed.Where(e => e.Delivery.Connector != TimerDeferral.Connector),
                    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken },
                    DeliverAsync);
                metrics.OutboxDepth(await outbox.CountPendingAsync(stoppingToken));
                if (claimed.Count == settings.BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Outbox dispatch round failed; trying again shortly");
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async ValueTask DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var delivery = entry.Delivery;
        var attempts = entry.Attempts + 1;
        DeliveryResult result;
        try
        {
            result = delivery.Connector switch
            {
                TransactionalOutbox.BusConnector => await PublishAsync(entry, cancellationToken),
                TimerDeferral.Connector => await ApplyTimersAsync(entry, cancellationToken),
                _ => await Connector(delivery.Connector).DeliverAsync(delivery, cancellationToken),
            };
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
        var settings = options.Value.Outbox;
        if (result.Succeeded)
        {
            await outbox.MarkDeliveredAsync(entry.Id, attempts, result.ExternalId, cancellationToken);
            if (delivery.Connector is not (TransactionalOutbox.BusConnector or TimerDeferral.Connector))
            {
                await Publish(new DeliverySucceeded(entry.Id, delivery.Connector, delivery.Operation, delivery.IdempotencyKey, delivery.CorrelationKey, result.ExternalId, attempts, DateTimeOffset.UtcNow), cancellationToken);
            }

            return;
        }

        if (!result.Permanent && attempts < settings.MaxAttempts)
        {
            var delay = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
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
        await Publish(new DeliveryFailed(entry.Id, delivery.Connector, delivery.Operation, delivery.IdempotencyKey, delivery.CorrelationKey, result.Error ?? "failed", result.StatusCode, result.Response, attempts, DateTimeOffset.UtcNow), cancellationToken);
    }

    private async Task<DeliveryResult> PublishAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (!contracts.TryGetType(entry.Delivery.Operation, out var type))
        {
            return DeliveryResult.Rejected($"Unknown contract '{entry.Delivery.Operation}'.");
        }

        var message = OutboxPublisher.Deserialize(entry.Delivery.Payload, type);
        await services.GetRequiredService<IPublishEndpoint>().Publish(message, type, context =>
        {
            // The outbox entry's id is the message id, so a publish repeated after a crash is a duplicate the inboxes skip.
            context.MessageId = entry.Id;
            context.Headers.Set(HubHeaders.SourcePlugin, entry.Source);
        }, cancellationToken);
        return DeliveryResult.Success(null);
    }

    private async Task<DeliveryResult> ApplyTimersAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var writer = services.GetRequiredService<TimerWriter>();
        foreach (var change in TimerDeferral.Read(entry.Delivery.Payload))
        {
            await writer.ApplyAsync(entry.Source, change, cancellationToken);
        }

        return DeliveryResult.Success(null);
    }

    private Task Publish<T>(T message, CancellationToken cancellationToken) where T : class =>
        services.GetRequiredService<IPublishEndpoint>().Publish(message, cancellationToken);

    private IConnector Connector(string name) =>
        (services.GetService<IConnectorRegistry>() ?? throw new KeyNotFoundException($"No connector '{name}': the hub has no connectors configured.")).Get(name);
}
