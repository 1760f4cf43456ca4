using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace IntegrationHub.Connectors.Webhook;

public sealed class WebhookOptions : ConnectorOptions
{
    /// <summary>Where deliveries are POSTed.</summary>
    public string Url { get; set; } = "";

    /// <summary>When set, each request carries <c>X-Hub-Signature: sha256=HMAC(secret, timestamp + "." + body)</c> and <c>X-Hub-Timestamp</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Property of the response JSON holding the target's id for what it created.</summary>
    public string ExternalIdProperty { get; set; } = "id";
}

/// <summary>
/// The plain REST/webhook connector: POSTs the delivery's payload as JSON with an <c>Idempotency-Key</c> header
/// (the outbox's key, so a repeated attempt is recognisable at the target), optionally signed. 2xx succeeds,
/// other 4xx are permanent rejections (kept in the error store with the target's answer), 5xx/429/timeouts retry.
/// </summary>
public sealed class WebhookConnector(string name, WebhookOptions options, HttpClient http, ILogger<WebhookConnector> logger) : IConnector
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = ConnectorResilience.Http(options, TimeProvider.System);

    public async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        var body = delivery.Payload.ToJsonString();
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", delivery.IdempotencyKey);
                request.Headers.Add("X-Hub-Operation", delivery.Operation);
                if (delivery.CorrelationKey is not null)
                {
                    request.Headers.Add("X-Hub-Correlation", delivery.CorrelationKey);
                }

                if (!string.IsNullOrEmpty(options.Secret))
                {
                    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
                    request.Headers.Add("X-Hub-Timestamp", timestamp);
                    request.Headers.Add("X-Hub-Signature", "sha256=" + Sign(options.Secret, timestamp, body));
                }

                return await http.SendAsync(request, token);
            }, ct);

            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Success(ExternalId(text), status, text);
            }

            return ConnectorResilience.IsTransient(response.StatusCode)
                ? DeliveryResult.Transient($"{name} answered {status}", status, text)
                : DeliveryResult.Rejected($"{name} rejected the delivery with {status}", status, text);
        }
        catch (BrokenCircuitException e)
        {
            return DeliveryResult.Transient($"{name} circuit open: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning("Delivery to {Connector} failed: {Error}", name, e.Message);
            return DeliveryResult.Transient($"{name} unreachable: {e.Message}");
        }
    }

    /// <summary>HMAC-SHA256 over <c>timestamp.body</c>, hex; what a target checks against its copy of the secret.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private string? ExternalId(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)?[options.ExternalIdProperty]?.ToString();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
