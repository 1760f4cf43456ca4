using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// What the error store keeps of a failed message: its type, its id and its body in MassTransit's envelope shape
/// (<c>messageId</c>, <c>messageType</c>, <c>message</c>), so that listing and replay read one shape. Messages
/// travel as raw JSON with the envelope's fields in transport headers; those are wrapped here. Enveloped messages
/// (from older hubs or tools) are kept as they came, and a body that is not JSON at all as its text.
/// </summary>
internal static class FailedMessageBody
{
    public static (string Type, string? MessageId, string Body) Read(ReceiveContext context)
    {
        var body = context.Body.GetString();
        var headerId = context.GetMessageId()?.ToString();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return ("unreadable", headerId, body);
        }

        if (root is JsonObject envelope && envelope.ContainsKey("message") && envelope["messageType"] is JsonArray { Count: > 0 } types)
        {
            return (Text(types[0]) ?? "unknown", Text(envelope["messageId"]) ?? headerId, body);
        }

        var type = context.TransportHeaders.Get<string>(MessageHeaders.MessageType)?.Split(';')[0] is { Length: > 0 } urn ? urn : "unknown";
        var wrapped = new JsonObject { ["messageId"] = headerId, ["messageType"] = new JsonArray(type), ["message"] = root };
        return (type, headerId, wrapped.ToJsonString());
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
