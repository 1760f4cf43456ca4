using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Tests;

public sealed class RestConnectorTests
{
    private const string Secret = "eam-shared-secret";

    private static Dictionary<string, string?> Eam(string url, int retries = 2) => new()
    {
        ["Connectors:eam:Kind"] = "rest",
        ["Connectors:eam:BaseUrl"] = url + "/maximo/api/",
        ["Connectors:eam:Retries"] = retries.ToString(),
        ["Connectors:eam:RetryDelay"] = "00:00:00.010",
        ["Connectors:eam:Timeout"] = "00:00:02",
        ["Connectors:eam:Headers:apikey"] = "k-123",
        ["Connectors:eam:Signing:Secret"] = Secret,
        ["Connectors:eam:Operations:work-order.create:Path"] = "os/mxwo",
        ["Connectors:eam:Operations:work-order.create:Fields:description"] = "$.title",
        ["Connectors:eam:Operations:work-order.create:Fields:externalrefid"] = "$.orderId",
        ["Connectors:eam:Operations:work-order.create:Fields:location.site"] = "$.substation",
        ["Connectors:eam:Operations:work-order.create:Fields:wopriority"] = "$.priority",
        ["Connectors:eam:Operations:work-order.create:Fields:remarks"] = "缺陷 {{$.defectType}} / 设备 {{$.equipment.id}}",
        ["Connectors:eam:Operations:work-order.create:Fields:siteid"] = "BEDFORD",
        ["Connectors:eam:Operations:work-order.create:ExternalIdPath"] = "$.member[0].wonum",
        ["Connectors:eam:Operations:work-order.update-status:Path"] = "os/mxwo/{{$.externalId}}/status",
        ["Connectors:eam:Operations:work-order.update-status:Fields:status"] = "$.status",
        ["Connectors:eam:Operations:work-order.attach:Path"] = "os/mxwo/{{$.externalId}}/doclinks",
    };

    private static OutboxDelivery Create(string key = "wo-create:WO-1") => new(
        "eam",
        "work-order.create",
        new JsonObject
        {
            ["orderId"] = "WO-1",
            ["title"] = "主变油温异常",
            ["substation"] = "西湖变",
            ["priority"] = 1,
            ["defectType"] = "oil-temperature",
            ["equipment"] = new JsonObject { ["id"] = "T-1" },
        },
        key,
        "WO-1");

    [Fact]
    public async Task Fields_are_mapped_by_configuration_and_the_request_is_signed()
    {
        await using var eam = await WebhookSink.StartAsync(_ => Task.FromResult(Results.Json(new { member = new[] { new { wonum = "1001" } } })));
        var registry = Connectors.Registry(Eam(eam.Url));

        var result = await registry.Get("eam").DeliverAsync(Create(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("1001", result.ExternalId);
        var request = Assert.Single(eam.Requests);
        Assert.Equal("/maximo/api/os/mxwo", request.PathAndQuery);
        var body = request.Body!;
        Assert.Equal("主变油温异常", body["description"]!.GetValue<string>());
        Assert.Equal("WO-1", body["externalrefid"]!.GetValue<string>());
        Assert.Equal("西湖变", body["location"]!["site"]!.GetValue<string>());
        Assert.Equal(1, body["wopriority"]!.GetValue<int>());
        Assert.Equal("缺陷 oil-temperature / 设备 T-1", body["remarks"]!.GetValue<string>());
        Assert.Equal("BEDFORD", body["siteid"]!.GetValue<string>());
        Assert.Equal("wo-create:WO-1", request.Header("Idempotency-Key"));
        Assert.Equal("k-123", request.Header("apikey"));
        Assert.True(HmacSignature.Verify(Secret, request.Header(HmacSignature.TimestampHeader), request.Header(HmacSignature.SignatureHeader), request.RawBody, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        Assert.False(HmacSignature.Verify("wrong", request.Header(HmacSignature.TimestampHeader), request.Header(HmacSignature.SignatureHeader), request.RawBody, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Target_down_is_retried_inside_the_attempt_then_reported_transient()
    {
        await using var eam = await WebhookSink.StartAsync(_ => Task.FromResult(Results.Text("maintenance", statusCode: 503)));
        var registry = Connectors.Registry(Eam(eam.Url, retries: 2));

        var result = await registry.Get("eam").DeliverAsync(Create(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Permanent);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal("maintenance", result.Response);
        Assert.Equal(3, eam.Requests.Count); // first try + 2 retries
    }

    [Fact]
    public async Task Unreachable_target_is_transient_and_a_rejection_is_permanent_with_the_response()
    {
        var registry = Connectors.Registry(Eam("http://127.0.0.1:9", retries: 1));
        var down = await registry.Get("eam").DeliverAsync(Create(), CancellationToken.None);
        Assert.False(down.Succeeded);
        Assert.False(down.Permanent);

        await using var eam = await WebhookSink.StartAsync(_ => Task.FromResult(Results.Json(new { Error = new { message = "BMXAA4195E siteid invalid" } }, statusCode: 400)));
        var rejected = await Connectors.Registry(Eam(eam.Url)).Get("eam").DeliverAsync(Create(), CancellationToken.None);
        Assert.False(rejected.Succeeded);
        Assert.True(rejected.Permanent);
        Assert.Equal(400, rejected.StatusCode);
        Assert.Contains("BMXAA4195E", rejected.Response);
        Assert.Single(eam.Requests); // a rejection is not retried
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_stops_calling_the_target()
    {
        await using var eam = await WebhookSink.StartAsync(_ => Task.FromResult(Results.StatusCode(500)));
        var settings = Eam(eam.Url, retries: 0);
        settings["Connectors:eam:BreakerMinimumThroughput"] = "3";
        settings["Connectors:eam:BreakDuration"] = "00:01:00";
        var connector = Connectors.Registry(settings).Get("eam");

        for (var i = 0; i < 5; i++)
        {
            await connector.DeliverAsync(Create($"k{i}"), CancellationToken.None);
        }

        var result = await connector.DeliverAsync(Create("k-last"), CancellationToken.None);
        Assert.False(result.Permanent);
        Assert.Contains("circuit open", result.Error);
        Assert.True(eam.Requests.Count < 6);
    }

    [Fact]
    public async Task Repeated_delivery_attempts_make_one_record_at_the_target()
    {
        // The fake EAM dedupes by the Idempotency-Key header, as Maximo/SAP gateways do: a key seen before answers 409 with the record.
        var records = new ConcurrentDictionary<string, string>();
        await using var eam = await WebhookSink.StartAsync(request =>
        {
            var key = request.Header("Idempotency-Key")!;
            var created = false;
            var wonum = records.GetOrAdd(key, _ =>
            {
                created = true;
                return $"{1000 + records.Count + 1}";
            });
            return Task.FromResult(created
                ? Results.Json(new { member = new[] { new { wonum } } }, statusCode: 201)
                : Results.Json(new { member = new[] { new { wonum } } }, statusCode: 409));
        });
        var connector = Connectors.Registry(Eam(eam.Url)).Get("eam");

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await connector.DeliverAsync(Create(), CancellationToken.None));
        }

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(records);
        Assert.All(results, r => Assert.Equal(records.Values.Single(), r.ExternalId));
    }

    [Fact]
    public async Task Status_update_fills_the_path_and_attachments_go_as_multipart()
    {
        await using var eam = await WebhookSink.StartAsync(_ => Task.FromResult(Results.Ok()));
        var connector = Connectors.Registry(Eam(eam.Url)).Get("eam");

        var update = await connector.DeliverAsync(new OutboxDelivery("eam", "work-order.update-status", new JsonObject { ["externalId"] = "10 01", ["status"] = "CLOSE" }, "k-status"), CancellationToken.None);
        var attach = await connector.DeliverAsync(
            new OutboxDelivery("eam", "work-order.attach", new JsonObject { ["externalId"] = "1001", ["description"] = "photo" }, "k-attach", Attachments: [new OutboxAttachment("defect.jpg", "image/jpeg", Encoding.ASCII.GetBytes("JPEGDATA"))]),
            CancellationToken.None);
        var unknown = await connector.DeliverAsync(new OutboxDelivery("eam", "work-order.explode", new JsonObject(), "k-x"), CancellationToken.None);

        Assert.True(update.Succeeded && attach.Succeeded);
        var requests = eam.Requests.ToList();
        Assert.Equal("/maximo/api/os/mxwo/10%2001/status", requests[0].PathAndQuery);
        Assert.Equal("CLOSE", requests[0].Body!["status"]!.GetValue<string>());
        Assert.StartsWith("multipart/form-data", requests[1].ContentType);
        Assert.Contains("JPEGDATA", requests[1].RawBody);
        Assert.Contains("defect.jpg", requests[1].RawBody);
        Assert.True(unknown.Permanent);
        Assert.Contains("work-order.explode", unknown.Error);
    }

    [Fact]
    public void Unknown_connector_names_fail_clearly()
    {
        var registry = Connectors.Registry(new() { ["Connectors:eam:Kind"] = "rest", ["Connectors:eam:BaseUrl"] = "http://127.0.0.1:9/" });
        var error = Assert.Throws<KeyNotFoundException>(() => registry.Get("sap"));
        Assert.Contains("'sap'", error.Message);
        Assert.Contains("eam", error.Message);
        Assert.Equal(["eam"], registry.Names);

        var bad = Assert.Throws<InvalidOperationException>(() => Connectors.Registry(new() { ["Connectors:x:Kind"] = "telex" }));
        Assert.Contains("telex", bad.Message);
    }
}
