using System.Diagnostics;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox.Publishes;

/// <summary>
/// Drains the publish port: publishes each committed message with its entry id as message id (so a publish repeated
/// after a crash is a duplicate the receivers' inboxes skip). A broker that cannot take it is tried again later;
/// a message whose contract this hub no longer knows, or that ran out of attempts, goes to the error store.
/// </summary>
internal sealed class PublishDispatcher(
    PublishOutboxStore outbox,
    ErrorStore errors,
    OutboxSignal signal,
    IContractPublisher publisher,
    ContractRegistry contracts,
    HubMetrics metrics,
    IOptions<OutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PublishDispatcher> logger) : OutboxPortDispatcher(signal, options, lifetime, logger)
{
    /// <summary>The error store's endpoint for this port.</summary>
    public const string Endpoint = "outbox.publishes";

    protected override OutboxPort Port => OutboxPort.Publishes;

    protected override async Task<bool> DispatchRoundAsync(CancellationToken cancellationToken)
    {
        var claimed = await outbox.ClaimDueAsync(Settings.BatchSize, Settings.ClaimLease, cancellationToken);
        // A publish waits while the broker is away (the bus reconnects by itself); the renewed lease keeps its row
        // from being taken over by another instance meanwhile.
        await WorkInParallelAsync(outbox, claimed, e => e.Id, PublishAsync, cancellationToken);
        metrics.OutboxDepth("publishes", await outbox.CountPendingAsync(cancellationToken));
        return claimed.Count == Settings.BatchSize;
    }

    private async ValueTask PublishAsync(PendingPublish entry, CancellationToken cancellationToken)
    {
        var attempts = entry.Attempts + 1;
        if (!contracts.TryGetType(entry.Contract, out var type))
        {
            await FailAsync(entry, attempts, $"Unknown contract '{entry.Contract}'.", cancellationToken);
            return;
        }

        try
        {
            // In the trace the entry was stored under (an API request's, a handler's), when there was one.
            using var activity = metrics.OutboxActivities.StartActivity($"outbox publish {entry.Contract}", ActivityKind.Internal, entry.TraceParent);
            var headers = new Dictionary<string, string> { [HubHeaders.SourcePlugin] = entry.Source };
            await publisher.PublishAsync(ContractMessage.Stored(entry.Id, type, entry.Payload, contracts, headers), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && attempts < Settings.MaxAttempts)
        {
            var delay = Settings.RetryDelay(attempts);
            logger.LogWarning(e, "Publish {Id} of {Contract} failed (attempt {Attempt}); retrying in {Delay}", entry.Id, entry.Contract, attempts, delay);
            await outbox.RescheduleAsync(entry.Id, attempts, DateTimeOffset.UtcNow + delay, $"{e.GetType().Name}: {e.Message}", cancellationToken);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await FailAsync(entry, attempts, $"{e.GetType().Name}: {e.Message}", cancellationToken);
            return;
        }

        await outbox.MarkPublishedAsync(entry.Id, attempts, cancellationToken);
    }

    private async Task FailAsync(PendingPublish entry, int attempts, string error, CancellationToken cancellationToken)
    {
        logger.LogError("Publish {Id} of {Contract} failed for good after {Attempts} attempts: {Error}", entry.Id, entry.Contract, attempts, error);
        await outbox.MarkFailedAsync(entry.Id, attempts, error, cancellationToken);
        await errors.AddAsync(new ErrorRecord(
            NewId.NextGuid(), ErrorKinds.Publish, Endpoint, entry.Contract, entry.Id.ToString(), entry.Id.ToString(),
            new Dictionary<string, string> { ["source"] = entry.Source }, error, null, attempts, DateTimeOffset.UtcNow, null), cancellationToken);
    }
}
