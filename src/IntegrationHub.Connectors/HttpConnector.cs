using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using Microsoft.Extensions.Logging;
using Polly;

namespace IntegrationHub.Connectors;

/// <summary>
/// The HTTP connector kinds. <c>rest</c>: an EAM/CMMS work-order API (Maximo/SAP PM style), every operation from
/// configuration. <c>oa</c>: <c>message.send</c> to a DingTalk/Feishu/WeCom-style robot and <c>approval.start</c>
/// to an approval API. <c>voicebot</c>: <c>call-task.create</c> / <c>call-task.cancel</c> on an outbound-call platform.
/// Each request carries the idempotency key and, where configured, the HMAC signature; the target's answer is
/// classified as success (2xx, or 409 for a key seen before), transient (timeouts, 408, 429, 5xx) or permanent.
/// </summary>
public sealed class HttpConnector : IConnector, IDisposable
{
    private readonly string _name;
    private readonly ConnectorOptions _options;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HttpConnector(string name, ConnectorOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        _name = name;
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            // The pipeline's timeout governs each try.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = ConnectorResilience.Http(options, time);
    }

    public async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        var kind = _options.Kind.ToLowerInvariant();
        if (kind == ConnectorKinds.Oa && delivery.Operation == "message.send" && !_options.Operations.ContainsKey(delivery.Operation))
        {
            return await SendRobotAsync(delivery, ct);
        }

        var operation = Operation(kind, delivery.Operation);
        if (operation is null)
        {
            return DeliveryResult.Rejected($"Connector '{_name}' has no operation '{delivery.Operation}' configured (Connectors:{_name}:Operations:{delivery.Operation}).");
        }

        if (kind == ConnectorKinds.VoiceBot && VoiceBotPayload.Problem(delivery) is { } problem)
        {
            return DeliveryResult.Rejected(problem);
        }

        var body = operation.Fields.Count > 0 ? JsonTemplate.Map(delivery.Payload, operation.Fields) : (JsonObject)delivery.Payload.DeepClone();
        var url = Url(JsonTemplate.Render(operation.Path, delivery.Payload, Uri.EscapeDataString));
        var json = JsonTemplate.Utf8(body);
        return await SendAsync(() =>
        {
            var request = new HttpRequestMessage(new HttpMethod(operation.Method), url);
            request.Content = delivery.Attachments is { Count: > 0 } attachments
                ? Multipart(json, attachments)
                : new StringContent(json, Encoding.UTF8, "application/json");
            AddHeaders(request, delivery, json);
            return request;
        }, operation, ct);
    }

    private OperationOptions? Operation(string kind, string name)
    {
        if (_options.Operations.TryGetValue(name, out var configured))
        {
            return configured;
        }

        return (kind, name) switch
        {
            (ConnectorKinds.Oa, "approval.start") => new OperationOptions { Path = "approvals", ExternalIdPath = "$.instanceId" },
            (ConnectorKinds.VoiceBot, "call-task.create") => new OperationOptions { Path = "call-tasks", ExternalIdPath = "$.taskId" },
            (ConnectorKinds.VoiceBot, "call-task.cancel") => new OperationOptions { Path = "call-tasks/{{$.taskId}}/cancel", ExternalIdPath = "$.taskId" },
            _ => null,
        };
    }

    private async Task<DeliveryResult> SendRobotAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        var robot = _options.Robot;
        if (robot is null || string.IsNullOrEmpty(robot.Url))
        {
            return DeliveryResult.Rejected($"Connector '{_name}' has no robot configured (Connectors:{_name}:Robot:Url).");
        }

        var style = robot.Style.ToLowerInvariant();
        var text = JsonTemplate.AsText(delivery.Payload["text"]) ?? JsonTemplate.AsText(delivery.Payload["title"]) ?? "";
        var title = JsonTemplate.AsText(delivery.Payload["title"]);
        var mentions = delivery.Payload["mentions"] is JsonArray m ? m.Select(x => JsonTemplate.AsText(x) ?? "").Where(x => x.Length > 0).ToList() : [];
        var content = title is null || text.StartsWith(title, StringComparison.Ordinal) ? text : $"{title}\n{text}";
        var url = robot.Url;
        JsonObject body;
        switch (style)
        {
            case "feishu":
                body = new JsonObject { ["msg_type"] = "text", ["content"] = new JsonObject { ["text"] = content } };
                if (!string.IsNullOrEmpty(robot.Secret))
                {
                    var (timestamp, sign) = HmacSignature.Feishu(robot.Secret, _time.GetUtcNow());
                    body["timestamp"] = timestamp;
                    body["sign"] = sign;
                }

                break;
            case "wecom":
                body = new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content, ["mentioned_list"] = new JsonArray(mentions.Select(x => (JsonNode)x).ToArray()) } };
                break;
            default:
                body = new JsonObject
                {
                    ["msgtype"] = "text",
                    ["text"] = new JsonObject { ["content"] = content },
                    ["at"] = new JsonObject { ["atUserIds"] = new JsonArray(mentions.Select(x => (JsonNode)x).ToArray()) },
                };
                if (!string.IsNullOrEmpty(robot.Secret))
                {
                    var (timestamp, sign) = HmacSignature.DingTalk(robot.Secret, _time.GetUtcNow());
                    url += (url.Contains('?') ? "&" : "?") + $"timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
                }

                break;
        }

        var json = JsonTemplate.Utf8(body);
        var operation = new OperationOptions { ResultCodePath = style == "feishu" ? "$.code" : "$.errcode", ConflictMeansDuplicate = false };
        return await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            AddHeaders(request, delivery, json);
            return request;
        }, operation, ct);
    }

    private async Task<DeliveryResult> SendAsync(Func<HttpRequestMessage> build, OperationOptions operation, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = build();
                return await _http.SendAsync(request, token);
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _logger.LogWarning("Connector {Connector}: request failed: {Error}", _name, ConnectorResilience.Describe(e));
            return DeliveryResult.Transient(ConnectorResilience.Describe(e));
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            JsonNode? parsed = null;
            try
            {
                parsed = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }

            var externalId = operation.ExternalIdPath is null ? null : JsonTemplate.AsText(JsonTemplate.Select(parsed, operation.ExternalIdPath));
            if (response.IsSuccessStatusCode)
            {
                if (operation.ResultCodePath is not null && JsonTemplate.AsText(JsonTemplate.Select(parsed, operation.ResultCodePath)) is { } code && code != operation.ResultCodeOk)
                {
                    return DeliveryResult.Rejected($"{_name} answered result code {code}", status, text);
                }

                return DeliveryResult.Success(externalId, status, text);
            }

            if (response.StatusCode == HttpStatusCode.Conflict && operation.ConflictMeansDuplicate)
            {
                return DeliveryResult.Success(externalId, status, text);
            }

            var error = $"{_name} answered {status} {response.ReasonPhrase}";
            return ConnectorResilience.IsTransient(response.StatusCode)
                ? DeliveryResult.Transient(error, status, text)
                : DeliveryResult.Rejected(error, status, text);
        }
    }

    private void AddHeaders(HttpRequestMessage request, OutboxDelivery delivery, string body)
    {
        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (!string.IsNullOrEmpty(_options.IdempotencyHeader))
        {
            request.Headers.TryAddWithoutValidation(_options.IdempotencyHeader, delivery.IdempotencyKey);
        }

        if (_options.Signing is { Secret.Length: > 0 } signing)
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString();
            request.Headers.TryAddWithoutValidation(signing.TimestampHeader, timestamp);
            request.Headers.TryAddWithoutValidation(signing.SignatureHeader, HmacSignature.Sign(signing.Secret, timestamp, body));
        }
    }

    private static MultipartFormDataContent Multipart(string json, IReadOnlyList<OutboxAttachment> attachments)
    {
        var content = new MultipartFormDataContent { { new StringContent(json, Encoding.UTF8, "application/json"), "payload" } };
        foreach (var attachment in attachments)
        {
            var file = new ByteArrayContent(attachment.Content);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(attachment.ContentType);
            content.Add(file, "files", attachment.FileName);
        }

        return content;
    }

    private string Url(string path)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return absolute.ToString();
        }

        var baseUrl = _options.BaseUrl ?? throw new InvalidOperationException($"Connector '{_name}' has no BaseUrl.");
        return baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a call task must carry before a voice platform is asked to dial anyone.</summary>
internal static class VoiceBotPayload
{
    public static string? Problem(OutboxDelivery delivery)
    {
        if (delivery.Operation != "call-task.create")
        {
            return delivery.Payload["taskId"] is null ? "call-task payload needs taskId" : null;
        }

        var problems = new List<string>();
        if (delivery.Payload["taskId"] is null)
        {
            problems.Add("taskId is required");
        }

        if (delivery.Payload["scriptId"] is null)
        {
            problems.Add("scriptId is required");
        }

        if (delivery.Payload["numbers"] is not JsonArray { Count: > 0 })
        {
            problems.Add("numbers must list at least one number");
        }

        return problems.Count == 0 ? null : "invalid call task: " + string.Join("; ", problems);
    }
}
