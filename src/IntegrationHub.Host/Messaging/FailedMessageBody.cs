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
    public static (string Type, string? MessageId, string Body) Read(ReceiveContext context) =>
        Read(context.Body.GetString(), context.GetMessageId()?.ToString(), context.TransportHeaders.Get<string>(MessageHeaders.MessageType));

    /// <param name="messageTypes">The <c>MT-MessageType</c> header: the message's type names, separated by <c>;</c>.</param>
    public static (string Type, string? MessageId, string Body) Read(string body, string? headerId, string? messageTypes)
    {
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

        var type = messageTypes?.Split(';')[0] is { Length: > 0 } urn ? urn : "unknown";
        return (type, headerId, Envelope(headerId, type, root));
    }

    /// <summary>A stored body of that shape for <paramref name="message"/>.</summary>
    public static string Envelope(string? messageId, string type, JsonNode? message) =>
        new JsonObject { ["messageId"] = messageId, ["messageType"] = new JsonArray(type), ["message"] = message }.ToJsonString();

    /// <summary>The message inside a stored body (null when the body is not of that shape).</summary>
    public static JsonNode? MessageOf(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.DeepClone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
