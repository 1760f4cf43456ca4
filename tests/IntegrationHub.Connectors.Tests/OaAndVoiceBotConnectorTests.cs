using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Tests;

public sealed class OaAndVoiceBotConnectorTests
{
    private static OutboxDelivery Message(string key = "esc:WO-1:1") => new(
        "oa", "message.send", new JsonObject { ["title"] = "工单超时未接单", ["text"] = "WO-1 30 分钟未接单", ["mentions"] = new JsonArray("zhang.san") }, key);

    [Fact]
    public async Task DingTalk_robot_gets_a_signature_it_can_verify()
    {
        const string secret = "SECdingtalk";
        await using var robot = await WebhookSink.StartAsync(request =>
        {
            // What DingTalk does: recompute HMAC-SHA256(secret, timestamp\nsecret) and compare with sign.
            var query = HttpUtility.ParseQueryString(new Uri("http://x" + request.PathAndQuery).Query);
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{query["timestamp"]}\n{secret}")));
            return Task.FromResult(expected == query["sign"]
                ? Results.Json(new { errcode = 0, errmsg = "ok" })
                : Results.Json(new { errcode = 310000, errmsg = "sign not match" }));
        });
        var good = Connectors.Registry(new()
        {
            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:Robot:Url"] = robot.Url + "/robot/send?access_token=t",
            ["Connectors:oa:Robot:Secret"] = secret,
        }).Get("oa");
        var wrong = Connectors.Registry(new()
        {
            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:Robot:Url"] = robot.Url + "/robot/send?access_token=t",
            ["Connectors:oa:Robot:Secret"] = "SECwrong",
        }).Get("oa");

        var ok = await good.DeliverAsync(Message(), CancellationToken.None);
        var refused = await wrong.DeliverAsync(Message(), CancellationToken.None);

        Assert.True(ok.Succeeded, ok.Error);
        Assert.True(refused.Permanent);
        Assert.Contains("310000", refused.Error);
        var body = robot.Requests.First().Body!;
        Assert.Equal("text", body["msgtype"]!.GetValue<string>());
        Assert.Contains("30 分钟未接单", body["text"]!["content"]!.GetValue<string>());
        Assert.Equal("zhang.san", body["at"]!["atUserIds"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Feishu_robot_signature_is_in_the_body()
    {
        const string secret = "feishu-secret";
        await using var robot = await WebhookSink.StartAsync(request =>
        {
            var body = request.Body!;
            var timestamp = body["timestamp"]!.GetValue<string>();
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"), Array.Empty<byte>()));
            return Task.FromResult(Results.Json(new { code = expected == body["sign"]!.GetValue<string>() ? 0 : 19021 }));
        });
        var oa = Connectors.Registry(new()
        {
            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:Robot:Url"] = robot.Url + "/open-apis/bot/v2/hook/x",
            ["Connectors:oa:Robot:Secret"] = secret,
            ["Connectors:oa:Robot:Style"] = "feishu",
        }).Get("oa");

        var result = await oa.DeliverAsync(Message(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Approval_start_returns_the_instance_id()
    {
        await using var approvals = await WebhookSink.StartAsync(_ => Task.FromResult(Results.Json(new { instanceId = "PROC-77" })));
        var oa = Connectors.Registry(new() { ["Connectors:oa:Kind"] = "oa", ["Connectors:oa:BaseUrl"] = approvals.Url + "/api" }).Get("oa");

        var result = await oa.DeliverAsync(new OutboxDelivery("oa", "approval.start", new JsonObject { ["referenceId"] = "OT-1", ["title"] = "操作票" }, "ticket:OT-1"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("PROC-77", result.ExternalId);
        Assert.Equal("/api/approvals", approvals.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Voice_call_tasks_are_validated_created_and_cancelled()
    {
        await using var platform = await WebhookSink.StartAsync(request => Task.FromResult(Results.Json(new { taskId = request.Body!["taskId"]!.GetValue<string>() })));
        var voice = Connectors.Registry(new() { ["Connectors:voicebot:Kind"] = "voicebot", ["Connectors:voicebot:BaseUrl"] = platform.Url }).Get("voicebot");

        var invalid = await voice.DeliverAsync(new OutboxDelivery("voicebot", "call-task.create", new JsonObject { ["taskId"] = "T1" }, "t1"), CancellationToken.None);
        var created = await voice.DeliverAsync(new OutboxDelivery("voicebot", "call-task.create", new JsonObject
        {
            ["taskId"] = "P1-b0",
            ["scriptId"] = "outage-notice",
            ["numbers"] = new JsonArray(new JsonObject { ["phone"] = "13800000000", ["variables"] = new JsonObject { ["name"] = "张三" } }),
            ["callingWindow"] = new JsonObject { ["start"] = "08:00", ["end"] = "20:00" },
            ["maxAttempts"] = 3,
            ["retryIntervalMinutes"] = 10,
            ["concurrency"] = 5,
        }, "p1-b0"), CancellationToken.None);
        var cancelled = await voice.DeliverAsync(new OutboxDelivery("voicebot", "call-task.cancel", new JsonObject { ["taskId"] = "P1-b0" }, "p1-b0-cancel"), CancellationToken.None);

        Assert.True(invalid.Permanent);
        Assert.Contains("scriptId", invalid.Error);
        Assert.Contains("numbers", invalid.Error);
        Assert.True(created.Succeeded, created.Error);
        Assert.Equal("P1-b0", created.ExternalId);
        Assert.True(cancelled.Succeeded, cancelled.Error);
        Assert.Equal(["/call-tasks", "/call-tasks/P1-b0/cancel"], platform.Requests.Select(r => r.PathAndQuery).ToArray());
    }
}
