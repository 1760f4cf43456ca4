using System.Text.Json.Nodes;

namespace IntegrationHub.Contracts.Connectors;

/// <summary>
/// One side effect on an outside system, handed to a connector by the outbox dispatcher.
/// </summary>
/// <param name="Connector">Connector instance name from configuration (<c>Connectors:{name}</c>), for example <c>eam</c>, <c>oa</c>, <c>voicebot</c>.</param>
/// <param name="Operation">What to do, in the connector's terms (for example <c>work-order.create</c>, <c>message.send</c>, <c>call-task.create</c>).</param>
/// <param name="Payload">The operation's body; connectors map it to the target's format by configuration.</param>
/// <param name="IdempotencyKey">The same key is delivered once; also sent to targets that accept one.</param>
/// <param name="CorrelationKey">Business key the result event carries back (for example a work-order id).</param>
/// <param name="NotBefore">Deliver no earlier than this (calling windows, rate spreading).</param>
public sealed record OutboxDelivery(
    string Connector,
    string Operation,
    JsonObject Payload,
    string IdempotencyKey,
    string? CorrelationKey = null,
    DateTimeOffset? NotBefore = null,
    IReadOnlyList<OutboxAttachment>? Attachments = null);

public sealed record OutboxAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What a connector reports after one delivery attempt.</summary>
/// <param name="ExternalId">The target's id for what was created (for example the EAM work-order number).</param>
/// <param name="Response">The target's response body, kept for the record and the error store.</param>
public sealed record DeliveryResult(bool Succeeded, bool Permanent, string? ExternalId, int? StatusCode, string? Response, string? Error)
{
    public static DeliveryResult Success(string? externalId, int? statusCode = null, string? response = null) => new(true, false, externalId, statusCode, response, null);
    public static DeliveryResult Transient(string error, int? statusCode = null, string? response = null) => new(false, false, null, statusCode, response, error);
    public static DeliveryResult Rejected(string error, int? statusCode = null, string? response = null) => new(false, true, null, statusCode, response, error);
}
