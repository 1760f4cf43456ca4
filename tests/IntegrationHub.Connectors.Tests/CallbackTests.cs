using System.Collections.Concurrent;
using System.Net;
using System.Text;
using IntegrationHub.Contracts.Events.Power;
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
            ["Connectors:eam:StatusMap:APPR"] = "accepted",
            ["Connectors:eam:StatusMap:COMP"] = "completed",
            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:Callbacks:Secret"] = Secret,
            ["Connectors:oa:StatusMap:agree"] = "approved",
            ["Connectors:voicebot:Kind"] = "voicebot",
            ["Connectors:voicebot:Callbacks:Secret"] = Secret,
            ["Connectors:voicebot:StatusMap:ANSWERED"] = "answered",
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
    public async Task Signed_eam_status_webhook_becomes_a_mapped_status_event()
    {
        var response = await PostAsync("/callbacks/eam/status", """{"wonum":"1001","externalrefid":"WO-1","status":"APPR","changeId":"c-9"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.IsType<WorkOrderStatusReported>(Assert.Single(_sink.Messages));
        Assert.Equal("WO-1", message.OrderId);
        Assert.Equal("1001", message.ExternalId);
        Assert.Equal("accepted", message.Status);
        Assert.Equal("APPR", message.RawStatus);
        Assert.Equal("eam-webhook", message.Source);
        Assert.Equal("c-9", message.EventId);
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
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/callbacks/eam/status", """{"wonum":"1001"}""")).StatusCode);
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task Approval_decisions_and_batched_call_results_become_events()
    {
        var approval = await PostAsync("/callbacks/oa/approval", """{"instanceId":"PROC-77","referenceId":"OT-1","decision":"agree","approver":"li.si"}""");
        var calls = await PostAsync("/callbacks/voicebot/call-result", """
            [{"callId":"c1","taskId":"P1-b0","phone":"13800000001","dialStatus":"ANSWERED","durationSeconds":42,"intent":"知晓","transcript":"好的知道了","attempt":1,"final":true},
             {"callId":"c2","taskId":"P1-b0","phone":"13800000002","dialStatus":"no-answer","attempt":3,"final":true}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, calls.StatusCode);
        var decided = Assert.Single(_sink.Messages.OfType<ApprovalDecisionReceived>());
        Assert.Equal(("PROC-77", "OT-1", "approved", "li.si"), (decided.InstanceId, decided.ReferenceId, decided.Decision, decided.Approver));
        var results = _sink.Messages.OfType<VoiceCallResultReceived>().OrderBy(r => r.CallId).ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(("answered", 42, "知晓", "好的知道了"), (results[0].DialStatus, results[0].DurationSeconds, results[0].Intent, results[0].Transcript));
        Assert.Equal(("no-answer", 3, true), (results[1].DialStatus, results[1].Attempt, results[1].Final));
    }

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
