using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.Inbound;

/// <summary>
/// Turns what the connectors report in generic terms (a callback received, an interface-table row changed) into the
/// power events this plugin handles — only for the connectors its configuration names, and with the targets' codes
/// translated by <see cref="PowerWorkOrdersOptions.StatusMaps"/>. A connector it does not know maps to nothing.
/// </summary>
public sealed class ConnectorEventMapper(PowerWorkOrdersOptions options)
{
    /// <summary>A work order's status changed in the asset system (EAM webhook).</summary>
    public const string StatusOperation = "status";

    /// <summary>An OA approval was decided.</summary>
    public const string ApprovalOperation = "approval";

    /// <summary>The voice platform's result for one number of a call task.</summary>
    public const string CallResultOperation = "call-result";

    /// <summary>The power event for <paramref name="callback"/>, or null when it is not this plugin's.</summary>
    /// <exception cref="CallbackPayloadException">The payload lacks a field the event needs.</exception>
    public object? Map(ConnectorCallbackReceived callback)
    {
        var operation = callback.Operation.ToLowerInvariant();
        if (operation == StatusOperation && IsStatusSource(callback.Connector))
        {
            return Status(callback, Parse(callback));
        }

        if (operation == ApprovalOperation && Is(callback.Connector, options.OaConnector))
        {
            return Approval(callback, Parse(callback));
        }

        if (operation == CallResultOperation && Is(callback.Connector, options.VoiceConnector))
        {
            return CallResult(callback, Parse(callback));
        }

        return null;
    }

    /// <summary>The status report for a polled interface-table row, or null when the connector is not a status source.</summary>
    public WorkOrderStatusReported? Map(InterfaceRowChanged row) => IsStatusSource(row.Connector)
        ? new WorkOrderStatusReported(
            row.CorrelationKey ?? row.Key,
            row.ExternalId ?? row.Key,
            Code(row.Connector, row.Status, lowerUnmapped: false),
            row.Status,
            $"{row.Connector}-poll",
            row.ChangedAt,
            EventId: $"{row.Key}:{row.Status}")
        : null;

    private WorkOrderStatusReported Status(ConnectorCallbackReceived callback, JsonObject payload)
    {
        var raw = Required(payload, "status");
        var orderId = Text(payload, "orderId");
        var externalId = Text(payload, "externalId");
        if (orderId is null && externalId is null)
        {
            throw new CallbackPayloadException(callback, "a status callback needs the order id or the external id");
        }

        return new WorkOrderStatusReported(
            orderId,
            externalId,
            Code(callback.Connector, raw),
            raw,
            $"{callback.Connector}-webhook",
            Time(payload, "changedAt", callback.ReceivedAt),
            Text(payload, "note"),
            Text(payload, "eventId"));

        string Required(JsonObject json, string name) => Text(json, name) ?? throw new CallbackPayloadException(callback, $"field '{name}' is missing");
    }

    private ApprovalDecisionReceived Approval(ConnectorCallbackReceived callback, JsonObject payload) => new(
        Required(callback, payload, "instanceId"),
        Required(callback, payload, "referenceId"),
        Code(callback.Connector, Required(callback, payload, "decision")),
        Time(payload, "decidedAt", callback.ReceivedAt),
        Text(payload, "approver"),
        Text(payload, "comment"));

    private VoiceCallResultReceived CallResult(ConnectorCallbackReceived callback, JsonObject payload) => new(
        Required(callback, payload, "callId"),
        Required(callback, payload, "taskId"),
        Required(callback, payload, "phone"),
        Code(callback.Connector, Required(callback, payload, "dialStatus")),
        int.TryParse(Text(payload, "durationSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration) ? duration : 0,
        int.TryParse(Text(payload, "attempt"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempt) ? attempt : 1,
        !bool.TryParse(Text(payload, "final"), out var final) || final,
        Time(payload, "endedAt", callback.ReceivedAt),
        Text(payload, "intent"),
        Text(payload, "transcript"),
        Text(payload, "scriptId"));

    private bool IsStatusSource(string connector) => options.StatusConnectorsOrDefault.Any(c => Is(connector, c));

    /// <summary>The target's code in the hub's words: the connector's map, else the code lower-cased (callbacks) or as it is (polling).</summary>
    private string Code(string connector, string code, bool lowerUnmapped = true)
    {
        var map = options.StatusMaps.FirstOrDefault(m => Is(m.Key, connector)).Value;
        var mapped = map?.FirstOrDefault(e => string.Equals(e.Key, code, StringComparison.OrdinalIgnoreCase)).Value;
        return mapped ?? (lowerUnmapped ? code.ToLowerInvariant() : code);
    }

    private static JsonObject Parse(ConnectorCallbackReceived callback)
    {
        try
        {
            return JsonNode.Parse(callback.Payload) as JsonObject ?? throw new CallbackPayloadException(callback, "the payload is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CallbackPayloadException(callback, $"the payload is not JSON: {e.Message}");
        }
    }

    private static string Required(ConnectorCallbackReceived callback, JsonObject payload, string name) =>
        Text(payload, name) ?? throw new CallbackPayloadException(callback, $"field '{name}' is missing");

    private static string? Text(JsonObject payload, string name) => payload[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is { Length: > 0 } text ? text : null,
        JsonValue value when value.GetValueKind() is JsonValueKind.Null => null,
        var node => node.ToJsonString(),
    };

    private static DateTimeOffset Time(JsonObject payload, string name, DateTimeOffset fallback) =>
        DateTimeOffset.TryParse(Text(payload, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : fallback;

    private static bool Is(string connector, string configured) => string.Equals(connector, configured, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A callback of one of this plugin's connectors that lacks what its event needs: the message fails, kept in the error store.</summary>
public sealed class CallbackPayloadException(ConnectorCallbackReceived callback, string problem)
    : Exception($"Callback '{callback.Operation}' of connector '{callback.Connector}': {problem}.");
