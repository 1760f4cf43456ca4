using System.Net;
using System.Net.Http.Json;
using Dapper;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// <c>Hub:Retention</c>: a running hub deletes inbox records, delivered outbox entries and idempotency keys once they
/// are older than configured, and keeps what its plugins stored.
/// </summary>
public sealed class RetentionTests
{
    [SkippableFact]
    public async Task A_running_hub_purges_old_inbox_records_and_delivered_publishes_and_keeps_the_documents()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.InMemorySqlite);
        environment.AddRecorder();
        environment.Settings["Hub:Retention:Inbox"] = "00:00:01";
        environment.Settings["Hub:Retention:DeliveredOutbox"] = "00:00:01";
        environment.Settings["Hub:Retention:Interval"] = "00:00:00.5";
        environment.Settings["Hub:Retention:BatchSize"] = "2";
        environment.Settings["Hub:Ingest:IdempotencyKeyWindow"] = "00:00:01";
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();

        // "publish" makes the recorder publish an echo through the outbox, which the recorder handles as well.
        foreach (var id in new[] { "D-RET-1", "D-RET-2", "D-RET-3" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/power.equipment-defect-reported")
            {
                Content = JsonContent.Create(PluginFailureTests.Defect(id, "publish")),
            };
            request.Headers.Add("Idempotency-Key", $"key-{id}");
            Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.SendAsync(request)).StatusCode);
        }

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Count(d => d.DefectId.StartsWith("echo-D-RET-", StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(30), "the three defects and their echoes handled");
        await Eventually.TrueAsync(
            async () => await CountAsync(database, "SELECT COUNT(*) FROM inbox") == 0
                && await CountAsync(database, "SELECT COUNT(*) FROM outbox_publishes") == 0
                && await CountAsync(database, "SELECT COUNT(*) FROM ingest_keys") == 0,
            TimeSpan.FromSeconds(30), "inbox records, delivered publishes and expired idempotency keys purged");

        Assert.Equal(6, (await Recorded.DefectsAsync(database)).Count(d => d.DefectId.Contains("D-RET-", StringComparison.Ordinal)));
    }

    private static async Task<long> CountAsync(HubDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
