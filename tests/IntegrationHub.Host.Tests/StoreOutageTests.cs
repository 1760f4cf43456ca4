using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Drill 4's race made certain (issue 12): a message that reaches a plugin while the hub's PostgreSQL refuses
/// connections can be neither handled nor scheduled for redelivery (Quartz keeps redeliveries in that database).
/// It is held and handled once the database is back; before, it went to the error queue and was never delivered.
/// </summary>
public sealed class StoreOutageTests
{
    [SkippableFact]
    public async Task A_message_consumed_while_the_database_refuses_connections_is_held_and_handled_once_it_is_back()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:InProcessWorkers"] = "false" });

        await TestInfrastructure.RefuseConnectionsAsync(environment.PostgresConnectionString!);
        try
        {
            await hub.PublishAsync(PluginFailureTests.Defect("D-HELD"));
            // Before the fix the message was in the error queue within about 4 s: three failed attempts, then Quartz
            // trying for 3 s to store its redelivery. Longer than that, so a regression cannot pass by luck.
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.Empty(sink.Requests);
        }
        finally
        {
            await TestInfrastructure.AllowConnectionsAsync(environment.PostgresConnectionString!);
        }

        await sink.WaitForAsync(r => r.Header("Idempotency-Key") == "defect:D-HELD", TimeSpan.FromSeconds(30), "the held message handled and delivered after the outage");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second delivery would arrive meanwhile
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-HELD"]);
        var errors = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
        Assert.Equal(0, errors.GetArrayLength());
    }
}
