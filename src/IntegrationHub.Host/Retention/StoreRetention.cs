using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Storage.Inbox;
using IntegrationHub.Storage.Ingest;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Retention;

/// <summary>
/// Deletes inbox records and delivered outbox entries older than <see cref="RetentionOptions"/> allows, and
/// <c>Idempotency-Key</c>s older than <see cref="IngestOptions.IdempotencyKeyWindow"/>, every
/// <see cref="RetentionOptions.Interval"/>, so the store of a hub handling millions of messages a day stays its size.
/// Every hub process runs it; deleting what another process already deleted is harmless.
/// </summary>
internal sealed class StoreRetention(
    InboxStore inbox,
    DeliveryOutboxStore deliveries,
    PublishOutboxStore publishes,
    TimerChangeStore timerChanges,
    IngestKeyStore ingestKeys,
    IOptions<RetentionOptions> options,
    IOptionsMonitor<IngestOptions> ingestOptions,
    ILogger<StoreRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        // Once at start as well: a hub restarted more often than the interval would otherwise never purge.
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Retention purge failed; it is tried again in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One purge of every table; returns the rows deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // The stores stamp rows with the system clock, so the cut-offs are taken from it too.
        var now = DateTimeOffset.UtcNow;
        var deleted = await InBatchesAsync(n => inbox.PurgeAsync(now - settings.Inbox, n, cancellationToken));
        foreach (var port in new OutboxPortStore[] { deliveries, publishes, timerChanges })
        {
            deleted += await InBatchesAsync(n => port.PurgeDeliveredAsync(now - settings.DeliveredOutbox, n, cancellationToken));
        }

        deleted += await InBatchesAsync(n => ingestKeys.PurgeAsync(now - ingestOptions.CurrentValue.IdempotencyKeyWindow, n, cancellationToken));

        if (deleted > 0)
        {
            logger.LogInformation("Retention purge deleted {Count} inbox records, delivered outbox entries and expired idempotency keys", deleted);
        }

        return deleted;
    }

    private async Task<int> InBatchesAsync(Func<int, Task<int>> purge)
    {
        var batchSize = options.Value.BatchSize;
        int total = 0, deleted;
        do
        {
            deleted = await purge(batchSize);
            total += deleted;
        }
        while (deleted == batchSize);
        return total;
    }
}
