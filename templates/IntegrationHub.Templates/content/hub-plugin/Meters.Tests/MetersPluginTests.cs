using IntegrationHub.Contracts.Events.Hub;
using Xunit;

namespace Meters.Tests;

public sealed class MetersPluginTests
{
    [Fact]
    public void Declares_its_handler_endpoint_and_schedule()
    {
        var hub = new PluginHarness(new MetersPlugin(), new Dictionary<string, string?> { ["Cron"] = "0 0 7 * * ?" });
        Assert.Contains(typeof(Ping), hub.Handled);
        Assert.Equal("GET /api/meters/pings/{id}", $"{hub.Endpoints.Single().Method} {hub.Endpoints.Single().Route}");
        Assert.Equal(["heartbeat"], hub.Jobs);
    }

    [Fact]
    public async Task A_ping_is_kept_delivered_to_the_configured_connector_and_served_by_the_endpoint()
    {
        var hub = new PluginHarness(new MetersPlugin(), new Dictionary<string, string?> { ["Connector"] = "meters-target" });
        var ping = new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow, "from the tests");

        await hub.HandleAsync(ping);

        var delivery = Assert.Single(hub.Outbox.Deliveries);
        Assert.Equal(("meters-target", "meters.ping", $"ping:{ping.Id}"), (delivery.Connector, delivery.Operation, delivery.IdempotencyKey));
        var found = await hub.CallAsync("GET", "/api/meters/pings/{id}", new Dictionary<string, string> { ["id"] = ping.Id.ToString() });
        Assert.Equal(200, found.StatusCode);
        var missing = await hub.CallAsync("GET", "/api/meters/pings/{id}", new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString() });
        Assert.Equal(404, missing.StatusCode);
    }
}
