using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 12, ingest that never loses an accepted event: <c>POST /api/events</c> stores the event and answers at once;
/// the outbox publishes it when the broker can take it; a store that cannot take it answers 503 at once.
/// </summary>
public sealed class IngestTests(ITestOutputHelper output)
{
    private const string DefectEvent = "/api/events/power.equipment-defect-reported";

    [SkippableFact]
    public async Task With_the_broker_away_an_event_is_accepted_at_once_and_delivered_once_the_broker_is_back()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();

        var messageId = Guid.Empty;
        await TestInfrastructure.BlockVirtualHostAsync(environment.VirtualHost!);
        try
        {
            var clock = Stopwatch.StartNew();
            var accepted = await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect("D-OUTAGE"));
            var answeredIn = clock.Elapsed;
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.True(answeredIn < TimeSpan.FromSeconds(5), $"answered in {answeredIn.TotalMilliseconds:0} ms with the broker away");
            messageId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();

            // Stored, and still waiting: the broker is away.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal("pending", await PublishStatusAsync(database, messageId));
            Assert.Empty(await Recorded.DefectsAsync(database));
            output.WriteLine($"accepted in {answeredIn.TotalMilliseconds:0} ms while the broker was away");
        }
        finally
        {
            await TestInfrastructure.UnblockVirtualHostAsync(environment.VirtualHost!);
        }

        var back = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == "D-OUTAGE"),
            TimeSpan.FromSeconds(90), "the accepted event handled once the broker is back");
        output.WriteLine($"handled {back.Elapsed.TotalSeconds:0.0} s after the broker came back");
        var handled = Assert.Single(await Recorded.DefectsAsync(database));
        Assert.Equal(1, handled.Attempt);

        // The outbox entry under the message id the client got (the id it is published with) is done.
        Assert.Equal("delivered", await PublishStatusAsync(database, messageId));
    }

    [SkippableFact]
    public async Task With_the_store_down_an_event_is_refused_at_once_with_503_and_taken_again_once_it_is_back()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();

        await TestInfrastructure.RefuseConnectionsAsync(environment.PostgresConnectionString!);
        try
        {
            var clock = Stopwatch.StartNew();
            var refused = await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect("D-REFUSED"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"answered in {clock.Elapsed.TotalMilliseconds:0} ms with the store down");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            output.WriteLine($"refused in {clock.Elapsed.TotalMilliseconds:0} ms while the store was down");
        }
        finally
        {
            await TestInfrastructure.AllowConnectionsAsync(environment.PostgresConnectionString!);
        }

        // The client sends it again (a pooled connection the outage broke may fail once more) and it is taken.
        await Eventually.TrueAsync(
            async () => (await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect("D-AGAIN"))).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "the event accepted once the store is back");
        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == "D-AGAIN"),
            TimeSpan.FromSeconds(30), "the event accepted after the outage handled");
        Assert.DoesNotContain(await Recorded.DefectsAsync(database), d => d.DefectId == "D-REFUSED");
    }

    private static async Task<string?> PublishStatusAsync(HubDatabase database, Guid id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT status FROM outbox_publishes WHERE id = @id", new { id = id.ToString() });
    }
}
