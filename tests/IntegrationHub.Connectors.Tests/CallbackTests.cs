using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Events.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Tests;

public sealed class CallbackTests : IAsyncLifetime
{
    private const string Secret = "callback-secret";
    private const string VoiceSecret = "voice-callback-secret";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private readonly RecordingSink _sink = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connectors:eam:Kind"] = "rest",
            ["Connectors:eam:BaseUrl"] = "http://127.0.0.1:9/",
            ["Connectors:eam:Callbacks:Secret"] = Secret,
            ["Connectors:eam:Callbacks:Fields:orderId"] = "$.externalrefid",
            ["Connectors:eam:Callbacks:Fields:externalId"] = "$.wonum",
            ["Connectors:eam:Callbacks:Fields:eventId"] = "$.changeId",
            ["Connectors:eam:Callbacks:Required:status:0"] = "status",
            ["Connectors:eam:Callbacks:Operations:0"] = "status",
            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:Callbacks:Secret"] = Secret,
            ["Connectors:oa:Callbacks:Operations:0"] = "approval",
            ["Connectors:voicebot:Kind"] = "voicebot",
            ["Connectors:voicebot:Callbacks:Secret"] = VoiceSecret,
            ["Connectors:voicebot:Callbacks:Operations:0"] = "call-result",
            ["Connectors:sap:Kind"] = "rest",
        });
        builder.Services.AddSingleton<IConnectorEventSink>(_sink);
        builder.Services.AddHubConnectors(builder.Configuration);
        _app = builder.Build();
        _app.MapConnectorCallbacks();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? secret = Secret, DateTimeOffset? at = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();
            request.Headers.Add(HmacSignature.TimestampHeader, timestamp);
            request.Headers.Add(HmacSignature.SignatureHeader, HmacSignature.Sign(secret, timestamp, body));
        }

        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Signed_status_webhook_becomes_a_generic_callback_event_with_the_configured_fields()
    {
        const string body = """{"wonum":"1001","externalrefid":"WO-1","status":"APPR","changeId":"c-9"}""";
        var response = await PostAsync("/callbacks/eam/status", body);
        var again = await PostAsync("/callbacks/eam/status", body, at: DateTimeOffset.UtcNow.AddSeconds(-2)); // the sender's retry, signed anew

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var messages = _sink.Messages.Cast<ConnectorCallbackReceived>().ToList();
        Assert.Equal(2, messages.Count);
        var message = messages[0];
        Assert.Equal(("eam", "status"), (message.Connector, message.Operation));
        var payload = JsonNode.Parse(message.Payload)!.AsObject();
        // As sent, plus the connector's Callbacks:Fields under the names the owning plugin reads.
        Assert.Equal(("1001", "WO-1", "APPR", "c-9"), (Text(payload, "wonum"), Text(payload, "externalrefid"), Text(payload, "status"), Text(payload, "changeId")));
        Assert.Equal(("WO-1", "1001", "c-9"), (Text(payload, "orderId"), Text(payload, "externalId"), Text(payload, "eventId")));
        Assert.Matches("^[0-9a-f]{64}$", message.Key);
        Assert.Equal(message.BusinessKey, messages[1].BusinessKey); // a repeated callback is one message to the inbox
    }

    [Fact]
    public async Task Bad_stale_or_missing_signatures_are_refused()
    {
        const string body = """{"wonum":"1001","status":"APPR"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/eam/status", body, secret: "guess")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/eam/status", body, secret: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/eam/status", body, at: DateTimeOffset.UtcNow.AddHours(-1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/sap/status", body)).StatusCode); // no secret configured
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/callbacks/nope/status", body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/callbacks/eam/status", """{"wonum":"1001"}""")).StatusCode); // Callbacks:Required
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/callbacks/eam/status", """[{"status":"APPR"}, 7]""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/callbacks/eam/status", "not json")).StatusCode);
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task Any_operation_and_batched_items_become_one_generic_event_each()
    {
        var approval = await PostAsync("/callbacks/oa/approval", """{"instanceId":"PROC-77","referenceId":"OT-1","decision":"agree","approver":"li.si"}""");
        var calls = await PostAsync("/callbacks/voicebot/call-result", """
            [{"callId":"c1","taskId":"P1-b0","phone":"13800000001","dialStatus":"ANSWERED","durationSeconds":42,"intent":"知晓","transcript":"好的知道了","attempt":1,"final":true},
             {"callId":"c2","taskId":"P1-b0","phone":"13800000002","dialStatus":"no-answer","attempt":3,"final":true}]
            """, secret: VoiceSecret);

        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, calls.StatusCode);
        var events = _sink.Messages.Cast<ConnectorCallbackReceived>().ToList();
        var decided = Assert.Single(events, e => e.Connector == "oa");
        Assert.Equal("approval", decided.Operation);
        var decision = JsonNode.Parse(decided.Payload)!.AsObject();
        Assert.Equal(("PROC-77", "OT-1", "agree", "li.si"), (Text(decision, "instanceId"), Text(decision, "referenceId"), Text(decision, "decision"), Text(decision, "approver")));
        var results = events.Where(e => e.Connector == "voicebot").Select(e => (e.Operation, Payload: JsonNode.Parse(e.Payload)!.AsObject())).OrderBy(r => Text(r.Payload, "callId")).ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("call-result", r.Operation));
        Assert.Equal(("ANSWERED", 42, "知晓", "好的知道了"), (Text(results[0].Payload, "dialStatus"), results[0].Payload["durationSeconds"]!.GetValue<int>(), Text(results[0].Payload, "intent"), Text(results[0].Payload, "transcript")));
        Assert.Equal(("no-answer", 3, true), (Text(results[1].Payload, "dialStatus"), results[1].Payload["attempt"]!.GetValue<int>(), results[1].Payload["final"]!.GetValue<bool>()));
        Assert.NotEqual(events[1].Key, events[2].Key);
    }

    [Fact]
    public async Task A_callback_signed_by_the_voice_platform_can_neither_move_a_work_order_nor_approve_a_ticket()
    {
        const string status = """{"wonum":"1001","externalrefid":"WO-1","status":"CAN"}""";
        const string approval = """{"instanceId":"PROC-77","referenceId":"OT-1","decision":"agree"}""";
        var viaVoice = await PostAsync("/callbacks/voicebot/status", status, secret: VoiceSecret);
        Assert.Equal(HttpStatusCode.Forbidden, viaVoice.StatusCode);
        Assert.Contains("call-result", await viaVoice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/callbacks/voicebot/approval", approval, secret: VoiceSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/eam/status", status, secret: VoiceSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/callbacks/oa/approval", approval, secret: VoiceSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/callbacks/eam/approval", approval)).StatusCode); // the EAM sends statuses only
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task A_replayed_signed_callback_is_refused_and_published_once()
    {
        const string body = """{"wonum":"1002","externalrefid":"WO-2","status":"APPR"}""";
        var at = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/callbacks/eam/status", body, at: at)).StatusCode);
        var replay = await PostAsync("/callbacks/eam/status", body, at: at);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
        Assert.Single(_sink.Messages);
    }

    private static string? Text(JsonObject payload, string name) => payload[name]?.GetValue<string>();

    private sealed class RecordingSink : IConnectorEventSink
    {
        public ConcurrentQueue<object> Messages { get; } = new();

        public Task PublishAsync(object message, CancellationToken cancellationToken)
        {
            Messages.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
