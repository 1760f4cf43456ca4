using System.Net;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 6: the API refuses callers without a valid key; only /health is open.</summary>
public sealed class ApiSecurityTests
{
    [Fact]
    public async Task Calls_without_a_valid_api_key_are_refused_and_health_is_open()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await using var hub = await environment.StartHubAsync();

        foreach (var path in new[] { "/api/plugins", "/api/errors", "/metrics", "/api/events", "/openapi/v1.json", "/api/recorder/anything" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Anonymous.GetAsync(path)).StatusCode);
        }

        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/plugins") { Headers = { { "X-Api-Key", "guess" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Anonymous.SendAsync(wrongKey)).StatusCode);
        using var post = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Anonymous.PostAsync("/api/events/power.equipment-defect-reported", post)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await hub.Anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("/api/plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("/metrics")).StatusCode);
    }
}
