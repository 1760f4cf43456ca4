using System.Net;
using System.Text;
using IntegrationHub.Connectors;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 14: a signed callback is accepted once across every hub process sharing the database, not once per process
/// (two hubs behind a load balancer would otherwise each take the same captured request).
/// </summary>
public sealed class CallbackReplayTests
{
    private const string Secret = "eam-callback-secret";

    [Fact]
    public async Task A_signed_callback_taken_by_one_hub_is_refused_as_a_replay_by_another()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        environment.Settings["Connectors:eam:Kind"] = "rest";
        environment.Settings["Connectors:eam:BaseUrl"] = "http://127.0.0.1:9/";
        environment.Settings["Connectors:eam:Callbacks:Secret"] = Secret;
        environment.Settings["Connectors:eam:Callbacks:Operations:0"] = "status";
        await using var first = await environment.StartHubAsync();
        await using var second = await environment.StartHubAsync();

        const string body = """{"wonum":"1001","externalrefid":"WO-1","status":"APPR"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = HmacSignature.Sign(Secret, timestamp, body);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(first, body, timestamp, signature)).StatusCode);
        var replayed = await PostAsync(second, body, timestamp, signature);
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("received before", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(first, body, timestamp, signature)).StatusCode);

        // The sender's own retry, signed anew, is a new callback. One second before the first, never equal to it (a "now" taken later could fall on the first one's second).
        var retry = (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(second, body, retry, HmacSignature.Sign(Secret, retry, body))).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(TestHub hub, string body, string timestamp, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/eam/status") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(HmacSignature.TimestampHeader, timestamp);
        request.Headers.Add(HmacSignature.SignatureHeader, signature);
        return hub.Anonymous.SendAsync(request);
    }
}
