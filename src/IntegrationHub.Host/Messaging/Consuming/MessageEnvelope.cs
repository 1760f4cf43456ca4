using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>
/// MassTransit's envelope (<c>application/vnd.masstransit+json</c>), as hubs before the raw wire format and tools
/// send it: the contract's JSON inside, the ids, types, addresses and headers beside it. Read into the transport
/// headers' shape, so that the rest of the consumer sees one kind of message.
/// </summary>
internal static class MessageEnvelope
{
    public const string ContentType = "application/vnd.masstransit+json";

    /// <summary>The message's JSON, and the envelope's fields when it came in MassTransit's envelope.</summary>
    public static (ReadOnlyMemory<byte> Message, Dictionary<string, object?>? Envelope) Unwrap(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        if (properties.ContentType == ContentType)
        {
            try
            {
                if (Read(body) is { } envelope)
                {
                    return envelope;
                }
            }
            catch (JsonException)
            {
                // Not JSON at all: deserializing it below says so, and the error store keeps it as it came.
            }
        }

        return (body, null);
    }

    /// <summary>The message's JSON and the envelope's fields as headers, or null when the body is not an envelope.</summary>
    public static (ReadOnlyMemory<byte> Message, Dictionary<string, object?> Headers)? Read(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message))
        {
            return null;
        }

        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root.TryGetProperty("headers", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in inner.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText();
            }
        }

        Copy(root, "messageId", headers, MessageHeaders.MessageId);
        Copy(root, "correlationId", headers, MessageHeaders.CorrelationId);
        Copy(root, "requestId", headers, MessageHeaders.RequestId);
        Copy(root, "responseAddress", headers, MessageHeaders.ResponseAddress);
        Copy(root, "faultAddress", headers, MessageHeaders.FaultAddress);
        if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array)
        {
            headers[MessageHeaders.MessageType] = string.Join(";", types.EnumerateArray().Select(t => t.GetString()));
        }

        return (JsonSerializer.SerializeToUtf8Bytes(message), headers);
    }

    private static void Copy(JsonElement root, string field, Dictionary<string, object?> headers, string header)
    {
        if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
        {
            headers[header] = value.GetString();
        }
    }
}
