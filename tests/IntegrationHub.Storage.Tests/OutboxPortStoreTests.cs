using System.Reflection;
using Dapper;
using IntegrationHub.Storage.Migrations;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Storage.Tests;

/// <summary>The publish and timer-change ports of the outbox, and the migration that gave each its table.</summary>
public sealed class OutboxPortStoreTests
{
    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Publishes_are_deduplicated_by_key_claimed_with_a_lease_and_marked_published(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var publishes = new PublishOutboxStore(store.Database);
        Guid first, again;
        await using (var work = await store.Database.BeginAsync())
        {
            first = await publishes.EnqueueAsync(work, Guid.NewGuid(), "Plugin", "test.event", """{"id":1}""", "Plugin:m1:1");
            again = await publishes.EnqueueAsync(work, Guid.NewGuid(), "Plugin", "test.event", """{"id":1}""", "Plugin:m1:1");
            await work.CommitAsync();
        }

        Assert.Equal(first, again);
        var claimed = Assert.Single(await publishes.ClaimDueAsync(10, TimeSpan.FromMinutes(1)));
        Assert.Equal((first, "test.event", """{"id":1}"""), (claimed.Id, claimed.Contract, claimed.Payload));
        Assert.Empty(await publishes.ClaimDueAsync(10, TimeSpan.FromMinutes(1)));
        await publishes.MarkPublishedAsync(first, 1);
        Assert.Equal(0, await publishes.CountPendingAsync());
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task A_renewed_claim_outlives_its_lease_a_released_one_is_claimable_at_once_and_a_finished_row_is_not_leased_again(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var publishes = new PublishOutboxStore(store.Database);
        await using (var work = await store.Database.BeginAsync())
        {
            foreach (var n in new[] { 1, 2, 3 })
            {
                await publishes.EnqueueAsync(work, Guid.NewGuid(), "api", "test.event", $$"""{"id":{{n}}}""", $"api:{n}", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            }

            await work.CommitAsync();
        }

        var lease = TimeSpan.FromMilliseconds(500);
        var claimed = await publishes.ClaimDueAsync(10, lease);
        Assert.Equal(3, claimed.Count);
        Assert.All(claimed, c => Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", c.TraceParent));
        await publishes.MarkPublishedAsync(claimed[0].Id, 1);

        // Renewed past the original lease: not claimable after it ran out; the published row is not leased again.
        await publishes.RenewAsync(claimed.Select(c => c.Id).ToList(), DateTimeOffset.UtcNow.AddMinutes(1));
        await Task.Delay(lease * 2);
        Assert.Empty(await publishes.ClaimDueAsync(10, lease));
        await using (var connection = await store.Database.OpenAsync())
        {
            Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT locked_until FROM outbox_publishes WHERE id = @id", new { id = claimed[0].Id.ToString() }));
        }

        // Released: claimable at once, long before the renewed lease would end.
        await publishes.ReleaseAsync([claimed[1].Id]);
        Assert.Equal([claimed[1].Id], (await publishes.ClaimDueAsync(10, lease)).Select(c => c.Id));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Timer_changes_are_claimed_in_commit_order_by_one_claimant_and_one_waiting_to_retry_holds_back_the_rest(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var timers = new TimerChangeStore(store.Database);
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            await using var work = await store.Database.BeginAsync();
            await timers.AddAsync(work, "Plugin", [new TimerChange(TimerChangeKind.Once, key, "test.event", "{}", DateTimeOffset.UtcNow, null)]);
            await work.CommitAsync();
        }

        var claimed = await timers.ClaimNextAsync(10, TimeSpan.FromMinutes(1));
        Assert.Equal(["k1", "k2", "k3"], claimed.Select(c => c.Change.Key));
        Assert.Empty(await timers.ClaimNextAsync(10, TimeSpan.FromMinutes(1))); // while one claimant holds changes, no other applies any

        await timers.MarkAppliedAsync(claimed[0].Id, 1);
        await timers.RescheduleAsync(claimed[1].Id, 1, DateTimeOffset.UtcNow.AddHours(1), "scheduler down");
        await timers.RescheduleAsync(claimed[2].Id, 0, DateTimeOffset.UtcNow.AddMilliseconds(-1), "not reached");
        Assert.Empty(await timers.ClaimNextAsync(10, TimeSpan.FromMinutes(1))); // k3 may not overtake k2

        await timers.RescheduleAsync(claimed[1].Id, 1, DateTimeOffset.UtcNow.AddMilliseconds(-1), "scheduler back");
        Assert.Equal(["k2", "k3"], (await timers.ClaimNextAsync(10, TimeSpan.FromMinutes(1))).Select(c => c.Change.Key));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task A_database_from_before_the_ports_migrates_its_bus_and_timer_rows_into_their_own_tables(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider, migrate: false);
        var database = store.Database;
        await using (var connection = await database.OpenAsync())
        {
            // The database as the hub left it before: migration 1 only, publishes and timer changes in the delivery table.
            await connection.ExecuteAsync(Script(provider, "0001_core"));
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (1, '0001_core', 0)");
            const string insert = """
                INSERT INTO outbox (id, source, connector, operation, payload, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (@id, 'Plugin', @connector, @operation, @payload, @id, @status, 0, 5, @created, 5)
                """;
            await connection.ExecuteAsync(insert, new { id = "d1", connector = "webhook", operation = "op", payload = "{}", status = "pending", created = 1 });
            await connection.ExecuteAsync(insert, new { id = "b1", connector = "hub.bus", operation = "test.event", payload = """{"id":1}""", status = "pending", created = 2 });
            await connection.ExecuteAsync(insert, new
            {
                id = "t1",
                connector = "hub.timers",
                operation = "apply",
                payload = """{"changes":[{"kind":0,"key":"k1","contract":"test.event","body":"{}","at":"2026-11-30T12:00:00.5+00:00","cron":null},{"kind":2,"key":"k0","contract":null,"body":null,"at":null,"cron":null}]}""",
                status = "pending",
                created = 3,
            });
            await connection.ExecuteAsync(
                """
                INSERT INTO error_messages (id, kind, endpoint, message_type, body, headers, reason, attempts, created_at)
                VALUES ('e1', 'delivery', 'hub.bus', 'test.event', 'b0', '{}', 'broker down', 8, 1)
                """);
        }

        // Every migration after the first applies, in order, the ports migration first (later ones are not this test's).
        var applied = await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        Assert.Equal(["0002_outbox_ports", "0003_publish_trace_parent"], applied.Take(2));
        Assert.Equal(applied.Order(StringComparer.Ordinal), applied);

        await using var check = await database.OpenAsync();
        Assert.Equal(["d1"], await check.QueryAsync<string>("SELECT id FROM outbox_deliveries"));
        Assert.Equal([("b1", "test.event", """{"id":1}""")], await check.QueryAsync<(string, string, string)>("SELECT id, contract, payload FROM outbox_publishes"));
        var changes = await new TimerChangeStore(database).ClaimNextAsync(10, TimeSpan.FromMinutes(1));
        Assert.Equal([(TimerChangeKind.Once, "k1"), (TimerChangeKind.Cancel, "k0")], changes.Select(c => (c.Change.Kind, c.Change.Key)));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T12:00:00.5+00:00", System.Globalization.CultureInfo.InvariantCulture), changes[0].Change.At);
        Assert.Equal("publish", await check.ExecuteScalarAsync<string>("SELECT kind FROM error_messages WHERE id = 'e1'"));
    }

    private static string Script(StorageProvider provider, string name)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        using var stream = assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Migrations.{provider}.{name}.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
