using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 12, liveness and readiness: while the hub cannot consume, <c>/health/ready</c> and <c>/health</c> answer 503
/// and <c>/health/live</c> 200; after the broker is back, or its connection was dropped as by a broker restart, the
/// plugin's endpoint consumes again by itself (the recovery times are printed).
/// </summary>
public sealed class HealthTests(ITestOutputHelper output)
{
    private const string DefectEvent = "/api/events/power.equipment-defect-reported";

    [SkippableFact]
    public async Task Readiness_follows_consumption_liveness_stays_and_the_plugin_endpoint_consumes_again_after_broker_outages()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();
        await Eventually.TrueAsync(async () => await StatusAsync(hub, "/health/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready after start");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(hub, "/health"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(hub, "/health/live"));

        // The broker refuses this hub for a while.
        await TestInfrastructure.BlockVirtualHostAsync(environment.VirtualHost!);
        try
        {
            await Eventually.TrueAsync(async () => await StatusAsync(hub, "/health/ready") == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "not ready while the broker is away");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(hub, "/health"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(hub, "/health/live"));
            await AssertOverviewWithoutBrokerFiguresAsync(hub);
        }
        finally
        {
            await TestInfrastructure.UnblockVirtualHostAsync(environment.VirtualHost!);
        }

        var back = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => await StatusAsync(hub, "/health/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "ready again once the broker is back");
        output.WriteLine($"broker back: ready again after {back.Elapsed.TotalSeconds:0.0} s");
        await PostAndAwaitHandledAsync(hub, database, "D-BACK", back);
        await Eventually.TrueAsync(
            async () => (await hub.Client.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("queues").EnumerateArray().Any(q => q.GetProperty("depth").ValueKind == JsonValueKind.Number),
            TimeSpan.FromSeconds(30), "the overview reads the broker's queue figures again");

        // The connection is dropped, as a broker restart drops it; reconnecting is allowed at once.
        await TestInfrastructure.CloseConnectionsAsync(environment.VirtualHost!);
        var dropped = Stopwatch.StartNew();
        await PostAndAwaitHandledAsync(hub, database, "D-DROPPED", dropped);
        await Eventually.TrueAsync(async () => await StatusAsync(hub, "/health/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "ready after the connection was dropped");
        output.WriteLine($"connection dropped: ready again after {dropped.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task PostAndAwaitHandledAsync(TestHub hub, HubDatabase database, string defectId, Stopwatch since)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect(defectId))).StatusCode);
        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == defectId),
            TimeSpan.FromSeconds(90), $"{defectId} consumed by the plugin's endpoint");
        output.WriteLine($"{defectId}: the plugin's endpoint consumed again {since.Elapsed.TotalSeconds:0.0} s after the outage ended");
    }

    /// <summary>The overview still answers, at once, without the broker's figures (they were read from a broker that refuses this hub).</summary>
    private static async Task AssertOverviewWithoutBrokerFiguresAsync(TestHub hub)
    {
        var asked = Stopwatch.StartNew();
        var response = await hub.Client.GetAsync("/api/overview");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"overview answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(15), $"overview took {asked.Elapsed.TotalSeconds:0.0} s");
        var overview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", overview.GetProperty("health").GetString());
        Assert.All(overview.GetProperty("queues").EnumerateArray(), queue => Assert.Equal(JsonValueKind.Null, queue.GetProperty("depth").ValueKind));
    }

    private static async Task<HttpStatusCode> StatusAsync(TestHub hub, string path) => (await hub.Anonymous.GetAsync(path)).StatusCode;
}
