using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Keys;

namespace IntegrationHub.Storage.Tests;

/// <summary>The audit trail and the data-protection key ring, the same on SQLite and PostgreSQL.</summary>
public sealed class AuditAndKeyStoreTests
{
    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task Audit_entries_are_filtered_by_principal_action_and_time_newest_first_and_paged(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var audit = new AuditStore(store.Database);
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await audit.AddAsync(new AuditEntry(start.AddMinutes(i), "ops", i % 2 == 0 ? "replay" : "ask", $"target {i}", "ok", Allowed: true));
        }

        await audit.AddAsync(new AuditEntry(start.AddMinutes(10), "viewer", "replay", "error 9", "refused: lacks errors:replay", Allowed: false));

        var all = await audit.ListAsync(new AuditQuery());
        Assert.Equal(6, all.Entries.Count);
        Assert.False(all.More);
        Assert.Equal("viewer", all.Entries[0].Principal);
        Assert.False(all.Entries[0].Allowed);
        Assert.True(all.Entries[1].Allowed);

        var replays = await audit.ListAsync(new AuditQuery(Principal: "ops", Action: "replay", Limit: 2));
        Assert.Equal(["target 4", "target 2"], replays.Entries.Select(e => e.Target));
        Assert.True(replays.More);
        var next = await audit.ListAsync(new AuditQuery(Principal: "ops", Action: "replay", Limit: 2, Offset: 2));
        Assert.Equal(["target 0"], next.Entries.Select(e => e.Target));
        Assert.False(next.More);

        var window = await audit.ListAsync(new AuditQuery(From: start.AddMinutes(1), To: start.AddMinutes(3)));
        Assert.Equal(["target 2", "target 1"], window.Entries.Select(e => e.Target));
        Assert.Equal(start.AddMinutes(2), window.Entries[0].At);
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    public async Task A_data_protection_key_is_stored_once_under_its_name(StorageProvider provider)
    {
        var unavailable = StoreFixture.Unavailable(provider);
        Skip.If(unavailable is not null, unavailable);
        await using var store = await StoreFixture.CreateAsync(provider);
        var keys = new DataProtectionKeyStore(store.Database);
        await keys.AddAsync("key-1", "<key id=\"1\" />");
        await keys.AddAsync("key-1", "<key id=\"changed\" />");
        await keys.AddAsync("key-2", "<key id=\"2\" />");
        Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], (await keys.ListAsync()).Order(StringComparer.Ordinal));
    }
}
