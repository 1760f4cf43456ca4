using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Issue 14: the roles the plugin defines grant its endpoints' scopes through the hub, and nothing else.</summary>
public sealed class PluginRolesTests
{
    [SkippableFact]
    public async Task A_dispatcher_reads_orders_and_drafts_tickets_but_cannot_approve_and_the_voice_platform_cannot_read_orders()
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(Backend.InMemorySqlite);
        environment.Hub.AddPrincipal("dispatch-desk", "dispatcher-key", ["dispatcher"]);
        environment.Hub.AddPrincipal("voice", "voice-key", ["voice-platform"]);
        await using var hub = await environment.StartHubAsync();
        var dispatcher = hub.ClientFor("dispatcher-key");
        var voice = hub.ClientFor("voice-key");

        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.GetAsync("/api/power/work-orders/WO-none")).StatusCode); // allowed; no such order
        Assert.Equal(HttpStatusCode.BadRequest, (await dispatcher.PostAsJsonAsync("/api/power/operation-tickets", new { })).StatusCode); // allowed; invalid body
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsJsonAsync("/api/events/power.approval-decision-received", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsJsonAsync("/api/voicebot/turn", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await voice.PostAsJsonAsync("/api/voicebot/turn", new { })).StatusCode); // allowed; invalid body
        var refused = await voice.GetAsync("/api/power/work-orders/WO-none");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("power:read", await refused.Content.ReadAsStringAsync());
    }
}
