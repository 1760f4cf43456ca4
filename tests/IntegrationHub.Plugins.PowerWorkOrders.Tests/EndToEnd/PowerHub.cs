using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>A running hub: an API client with the key, signed callbacks as the outside systems send them, the plugin's documents.</summary>
public sealed class PowerHub(TestHub hub, ObservedMessages observed) : IAsyncDisposable
{
    public HttpClient Client => hub.Client;

    /// <summary>A client calling with another principal's key (<see cref="HubEnvironment.AddPrincipal"/>).</summary>
    public HttpClient ClientFor(string apiKey) => hub.ClientFor(apiKey);

    public ObservedMessages Observed { get; } = observed;

    public IServiceProvider Services => hub.Services;

    public async Task<HttpResponseMessage> PostEventAsync(string type, object message)
    {
        var response = await Client.PostAsync($"/api/events/{type}", new StringContent(JsonSerializer.Serialize(message, message.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web)), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>
    /// Posts a callback the way the outside system does: HMAC-signed with the shared secret, no API key, stamped
    /// with the hub's clock (which a test may have moved; the outside system's clock agrees with the hub's), or at
    /// <paramref name="signedAt"/>: a sender that retries signs again, and the hub accepts each signature once.
    /// </summary>
    public async Task<HttpResponseMessage> CallbackAsync(string path, JsonNode body, DateTimeOffset? signedAt = null)
    {
        var json = body.ToJsonString();
        var timestamp = (signedAt ?? hub.Get<TimeProvider>().GetUtcNow()).ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HmacSignature.TimestampHeader, timestamp);
        request.Headers.Add(HmacSignature.SignatureHeader, HmacSignature.Sign(PowerHubEnvironment.CallbackSecret, timestamp, json));
        var response = await hub.Anonymous.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public async Task<JsonNode?> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();
}
