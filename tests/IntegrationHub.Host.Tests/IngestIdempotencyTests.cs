using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 12: <c>POST /api/events</c> with an <c>Idempotency-Key</c> stores an event once per key and window.</summary>
public sealed class IngestIdempotencyTests
{
    private const string DefectEvent = "/api/events/power.equipment-defect-reported";

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_repeat_gets_the_first_answer_and_stores_nothing_another_body_is_refused_and_the_key_expires(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Ingest:IdempotencyKeyWindow"] = "00:00:03" });
        var database = hub.Get<HubDatabase>();

        var defect = PluginFailureTests.Defect("D-KEY");
        var first = await PostAsync(hub.Client, "key-1", defect);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var firstId = await MessageIdAsync(first);

        var repeat = await PostAsync(hub.Client, "key-1", defect);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstId, await MessageIdAsync(repeat));

        var other = await PostAsync(hub.Client, "key-1", PluginFailureTests.Defect("D-OTHER"));
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(hub.Client, new string('k', 256), PluginFailureTests.Defect("D-LONG"))).StatusCode);

        Assert.Equal(1, await StoredAsync(database, "D-KEY"));
        Assert.Equal(0, await StoredAsync(database, "D-OTHER") + await StoredAsync(database, "D-LONG"));
        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == "D-KEY"), TimeSpan.FromSeconds(30), "the keyed event handled");

        // After the window the key is forgotten: the same key takes a new event.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var later = await PostAsync(hub.Client, "key-1", PluginFailureTests.Defect("D-OTHER"));
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.NotEqual(firstId, await MessageIdAsync(later));
        Assert.Equal(1, await StoredAsync(database, "D-OTHER"));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object defect)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, DefectEvent) { Content = JsonContent.Create(defect) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<Guid> MessageIdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();

    /// <summary>Outbox entries the API stored for the defect.</summary>
    private static async Task<int> StoredAsync(HubDatabase database, string defectId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_publishes WHERE source = 'api' AND payload LIKE @pattern", new { pattern = $"%\"{defectId}\"%" });
    }
}
