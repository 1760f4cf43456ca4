using IntegrationHub.Storage.Inbox;
using IntegrationHub.Storage.Ingest;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Storage.Tests;

/// <summary>Retention deletes only what is old and done, in batches of the size asked for, on both stores.</summary>
public sealed class RetentionTests
{
    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Inbox_records_older_than_the_cutoff_go_in_batches_and_newer_ones_stay(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var inbox = new InboxStore(store.Database);
        async Task<bool> Record(string key)
        {
            await using var work = await store.Database.BeginAsync();
            var first = await inbox.TryRecordAsync(work, "A", key, "test.message");
            await work.CommitAsync();
            return first;
        }

        foreach (var key in new[] { "old-1", "old-2", "old-3" })
        {
            Assert.True(await Record(key));
        }

        await Task.Delay(20);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        Assert.True(await Record("new"));

        Assert.Equal(2, await inbox.PurgeAsync(cutoff, batchSize: 2));
        Assert.Equal(1, await inbox.PurgeAsync(cutoff, batchSize: 2));
        Assert.Equal(0, await inbox.PurgeAsync(cutoff, batchSize: 2));

        // A purged record no longer guards its message; the newer one still does.
        Assert.True(await Record("old-1"));
        Assert.False(await Record("new"));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Only_delivered_outbox_entries_are_purged_failed_and_pending_ones_stay(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var publishes = new PublishOutboxStore(store.Database);
        Guid delivered = Guid.NewGuid(), failed = Guid.NewGuid(), pending = Guid.NewGuid();
        await using (var work = await store.Database.BeginAsync())
        {
            foreach (var id in new[] { delivered, failed, pending })
            {
                await publishes.EnqueueAsync(work, id, "test", "test.event", "{}", id.ToString());
            }

            await work.CommitAsync();
        }

        await publishes.MarkPublishedAsync(delivered, 1);
        await publishes.MarkFailedAsync(failed, 8, "the broker refused it");

        Assert.Equal(0, await publishes.PurgeDeliveredAsync(DateTimeOffset.UtcNow.AddMinutes(-1), 100));
        Assert.Equal(1, await publishes.PurgeDeliveredAsync(DateTimeOffset.UtcNow.AddSeconds(1), 100));

        Assert.Equal(1, await publishes.CountPendingAsync());
        Assert.True(await publishes.RequeueAsync(failed));
        Assert.Equal(2, await publishes.CountPendingAsync());
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task An_idempotency_key_past_its_window_is_unknown_can_be_taken_again_and_is_purged(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var keys = new IngestKeyStore(store.Database);
        var first = new IngestKey("test.event", "hash-1", Guid.NewGuid());
        var second = new IngestKey("test.event", "hash-2", Guid.NewGuid());
        async Task<T> InWork<T>(Func<UnitOfWork, Task<T>> body)
        {
            await using var work = await store.Database.BeginAsync();
            var result = await body(work);
            await work.CommitAsync();
            return result;
        }

        var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
        Assert.True(await InWork(w => keys.TryAddAsync(w, "caller", "k", first, longAgo)));
        Assert.False(await InWork(w => keys.TryAddAsync(w, "caller", "k", second, longAgo)));
        Assert.Equal(first, await InWork(w => keys.FindAsync(w, "caller", "k", longAgo)));
        Assert.Null(await InWork(w => keys.FindAsync(w, "other caller", "k", longAgo)));

        await Task.Delay(20);
        var windowStart = DateTimeOffset.UtcNow;
        Assert.Null(await InWork(w => keys.FindAsync(w, "caller", "k", windowStart)));
        Assert.True(await InWork(w => keys.TryAddAsync(w, "caller", "k", second, windowStart)));
        Assert.Equal(second, await InWork(w => keys.FindAsync(w, "caller", "k", windowStart)));

        Assert.True(await InWork(w => keys.TryAddAsync(w, "caller", "old", first, longAgo)));
        await Task.Delay(20);
        var cutoff = DateTimeOffset.UtcNow;
        Assert.Equal(2, await keys.PurgeAsync(cutoff, batchSize: 10));
        Assert.Null(await InWork(w => keys.FindAsync(w, "caller", "k", longAgo)));
    }
}
