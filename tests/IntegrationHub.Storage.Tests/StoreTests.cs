using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Storage.Documents;
using IntegrationHub.Storage.Inbox;
using IntegrationHub.Storage.Migrations;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Storage.Tests;

/// <summary>The same store tests against SQLite and PostgreSQL (issue 2, "Stores").</summary>
public sealed class StoreTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Order(string Id, string State);

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Migrations_are_applied_once_and_recorded(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var again = await new MigrationRunner(store.Database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        Assert.Empty(again);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Many_concurrent_units_of_work_all_commit_and_an_abandoned_one_frees_the_writer(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var documents = new DocumentStore(store.Database, "Plugin", Json);

        // One rolled back (disposed without commit) must not keep SQLite's writer from the rest.
        await using (var abandoned = await store.Database.BeginAsync())
        {
            await documents.WithUnitOfWork(abandoned).PutAsync("orders", "abandoned", new Order("abandoned", "created"));
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await using var work = await store.Database.BeginAsync(ct);
            await documents.WithUnitOfWork(work).PutAsync("orders", $"o{i}", new Order($"o{i}", "created"), cancellationToken: ct);
            await work.CommitAsync(ct);
        });

        Assert.Equal(64, (await documents.ListAsync<Order>("orders", limit: 1000)).Count);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Documents_have_optimistic_versions_and_commit_with_their_unit_of_work(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var documents = new DocumentStore(store.Database, "Plugin", Json);

        Assert.Equal(1, await documents.PutAsync("orders", "o1", new Order("o1", "created"), expectedVersion: 0));
        await Assert.ThrowsAsync<ConcurrencyException>(() => documents.PutAsync("orders", "o1", new Order("o1", "again"), expectedVersion: 0));
        Assert.Equal(2, await documents.PutAsync("orders", "o1", new Order("o1", "dispatched"), expectedVersion: 1));
        await Assert.ThrowsAsync<ConcurrencyException>(() => documents.PutAsync("orders", "o1", new Order("o1", "stale"), expectedVersion: 1));
        var stored = await documents.GetAsync<Order>("orders", "o1");
        Assert.Equal(("dispatched", 2L), (stored!.Value.State, stored.Version));

        // Another plugin's collection of the same name is a different namespace.
        Assert.Null(await new DocumentStore(store.Database, "Other", Json).GetAsync<Order>("orders", "o1"));

        // Writes in a unit of work that is not committed leave nothing behind.
        await using (var work = await store.Database.BeginAsync())
        {
            await documents.WithUnitOfWork(work).PutAsync("orders", "o2", new Order("o2", "created"));
        }

        Assert.Null(await documents.GetAsync<Order>("orders", "o2"));
        await using (var work = await store.Database.BeginAsync())
        {
            await documents.WithUnitOfWork(work).PutAsync("orders", "o2", new Order("o2", "created"));
            await work.CommitAsync();
        }

        Assert.Equal(["o2", "o1"], (await documents.ListAsync<Order>("orders")).Select(d => d.Key));
        Assert.Single(await documents.ListAsync<Order>("orders", keyPrefix: "o2"));
        Assert.True(await documents.DeleteAsync("orders", "o1"));
        Assert.False(await documents.DeleteAsync("orders", "o1"));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task The_inbox_admits_a_message_once_per_consumer(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var inbox = new InboxStore(store.Database);
        async Task<bool> Record(string consumer, string key)
        {
            await using var work = await store.Database.BeginAsync();
            var first = await inbox.TryRecordAsync(work, consumer, key, "test.message");
            await work.CommitAsync();
            return first;
        }

        Assert.True(await Record("A", "m1"));
        Assert.False(await Record("A", "m1"));
        Assert.True(await Record("B", "m1"));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task The_inbox_records_a_batch_as_it_commits_or_refuses_the_whole_batch_when_one_was_handled_before(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var inbox = new InboxStore(store.Database);
        var documents = new DocumentStore(store.Database, "A", Json);
        InboxEntry seen = new("A", "seen", "test.message"), fresh = new("A", "fresh", "test.message"), otherConsumer = new("B", "seen", "test.message");
        await using (var work = await store.Database.BeginAsync())
        {
            await documents.WithUnitOfWork(work).PutAsync("batch", "first", new Order("first", "created"));
            await inbox.RecordAllAndCommitAsync(work, [seen]);
        }

        // A batch whose handlers wrote something, with one message handled before: nothing of it is committed.
        await using (var work = await store.Database.BeginAsync())
        {
            await documents.WithUnitOfWork(work).PutAsync("batch", "second", new Order("second", "created"));
            await Assert.ThrowsAnyAsync<DbException>(() => inbox.RecordAllAndCommitAsync(work, [fresh, seen, otherConsumer]));
        }

        await using (var work = await store.Database.BeginAsync())
        {
            Assert.False(await inbox.TryRecordAsync(work, "A", "seen", "test.message"));
            Assert.True(await inbox.TryRecordAsync(work, "A", "fresh", "test.message"));
            Assert.True(await inbox.TryRecordAsync(work, "B", "seen", "test.message"));
            Assert.NotNull(await documents.WithUnitOfWork(work).GetAsync<Order>("batch", "first"));
            Assert.Null(await documents.WithUnitOfWork(work).GetAsync<Order>("batch", "second"));
        }

        // The connection the refused batch used went back to the pool fit for the next unit of work.
        for (var i = 0; i < 3; i++)
        {
            await using var work = await store.Database.BeginAsync();
            await inbox.RecordAllAndCommitAsync(work, [new InboxEntry("C", $"m{i}", "test.message")]);
        }

        await using (var work = await store.Database.BeginAsync())
        {
            Assert.False(await inbox.TryRecordAsync(work, "C", "m2", "test.message"));
        }
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task The_outbox_deduplicates_by_key_leases_due_entries_and_tracks_their_outcome(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var outbox = new DeliveryOutboxStore(store.Database);
        Guid first, second;
        await using (var work = await store.Database.BeginAsync())
        {
            first = await outbox.EnqueueAsync(work, "Plugin", Delivery("k1"));
            second = await outbox.EnqueueAsync(work, "Plugin", Delivery("k1"));
            await outbox.EnqueueAsync(work, "Plugin", Delivery("later", DateTimeOffset.UtcNow.AddHours(1)));
            await work.CommitAsync();
        }

        Assert.Equal(first, second);
        var claimed = await outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1));
        Assert.Equal("k1", Assert.Single(claimed).Delivery.IdempotencyKey);
        Assert.Equal("v", claimed[0].Delivery.Payload["k"]!.GetValue<string>());
        Assert.Empty(await outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1))); // leased to the first claimant

        await outbox.RescheduleAsync(first, 1, DateTimeOffset.UtcNow.AddMilliseconds(-1), "503");
        Assert.Single(await outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1)));
        await outbox.MarkFailedAsync(first, 2, "gone");
        Assert.Equal(OutboxStatus.Failed, (await outbox.GetAsync(first))!.Status);
        Assert.True(await outbox.RequeueAsync(first));
        Assert.Single(await outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1)));
        await outbox.MarkDeliveredAsync(first, 3, "EXT-1");
        var delivered = await outbox.GetAsync(first);
        Assert.Equal((OutboxStatus.Delivered, "EXT-1", 3), (delivered!.Status, delivered.ExternalId, delivered.Attempts));
        Assert.Equal(1, await outbox.CountPendingAsync());
    }

    private static OutboxDelivery Delivery(string key, DateTimeOffset? notBefore = null) =>
        new("webhook", "test.op", new JsonObject { ["k"] = "v" }, key, NotBefore: notBefore);
}
