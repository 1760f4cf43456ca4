using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Testing;
using Xunit;

namespace Meters.Tests;

public sealed class MetersPluginTests(MetersHub meters) : IClassFixture<MetersHub>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Runs_in_the_hub_with_its_handler_endpoint_and_schedule()
    {
        var plugins = await meters.Hub.Client.GetFromJsonAsync<JsonElement>("/api/plugins");
        var plugin = plugins.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Meters");
        Assert.Equal("Running", plugin.GetProperty("state").GetString());
        Assert.Contains("hub.ping", plugin.GetProperty("handledTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("GET /api/meters/pings/{id}", plugin.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()));
        await Eventually.TrueAsync(() => meters.Hub.HasDeclaredJobAsync("Meters", "heartbeat"), Wait, "the heartbeat schedule");
    }

    [Fact]
    public async Task A_ping_posted_to_the_hub_is_kept_delivered_to_the_connector_and_served_by_the_endpoint()
    {
        var id = Guid.NewGuid();
        var posted = await meters.Hub.Client.PostAsJsonAsync("/api/events/hub.ping", new { id, sentAt = DateTimeOffset.UtcNow, note = "from the tests" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var delivery = await meters.Target.WaitForAsync(r => r.Header("Idempotency-Key") == $"ping:{id}", Wait, "the ping's delivery");
        Assert.Equal(("POST", "/meters", "from the tests"), (delivery.Method, delivery.Path, delivery.Body?["note"]?.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await meters.Hub.Client.GetAsync($"/api/meters/pings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await meters.Hub.Client.GetAsync($"/api/meters/pings/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_ping_published_on_the_bus_is_handled_and_delivered()
    {
        var ping = new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow, "from the bus");
        await meters.Hub.PublishAsync(ping);

        var delivery = await meters.Target.WaitForAsync(r => r.Header("Idempotency-Key") == $"ping:{ping.Id}", Wait, "the ping's delivery");
        Assert.Equal(ping.Id.ToString(), delivery.Body?["id"]?.GetValue<string>());
    }
}
