using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Events.Power;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors;

/// <summary>
/// Inbound callbacks from the systems the connectors talk to, turned into contract events on the bus:
/// <list type="bullet">
/// <item><c>POST {prefix}/{connector}/status</c> — a work order's status changed in the EAM → <see cref="WorkOrderStatusReported"/>;</item>
/// <item><c>POST {prefix}/{connector}/approval</c> — an OA approval was decided → <see cref="ApprovalDecisionReceived"/>;</item>
/// <item><c>POST {prefix}/{connector}/call-result</c> — the voice platform's result for a number → <see cref="VoiceCallResultReceived"/>.</item>
/// </list>
/// The body is one JSON object or an array of them; fields are read by the expressions in
/// <c>Connectors:{name}:Callbacks:Fields</c> (defaults below). The caller signs with <see cref="HmacSignature"/>
/// headers and <c>Callbacks:Secret</c>; these endpoints skip the hub's API keys (the signature authenticates them).
/// </summary>
public static class ConnectorCallbacks
{
    public static readonly IReadOnlyDictionary<string, string> StatusDefaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["orderId"] = "$.orderId", ["externalId"] = "$.externalId", ["status"] = "$.status", ["note"] = "$.note", ["eventId"] = "$.eventId", ["reportedAt"] = "$.changedAt",
    };

    public static readonly IReadOnlyDictionary<string, string> ApprovalDefaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["instanceId"] = "$.instanceId", ["referenceId"] = "$.referenceId", ["decision"] = "$.decision", ["approver"] = "$.approver", ["comment"] = "$.comment", ["decidedAt"] = "$.decidedAt",
    };

    public static readonly IReadOnlyDictionary<string, string> CallResultDefaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["callId"] = "$.callId", ["taskId"] = "$.taskId", ["phoneNumber"] = "$.phone", ["dialStatus"] = "$.dialStatus", ["durationSeconds"] = "$.durationSeconds",
        ["attempt"] = "$.attempt", ["final"] = "$.final", ["endedAt"] = "$.endedAt", ["intent"] = "$.intent", ["transcript"] = "$.transcript", ["scriptId"] = "$.scriptId",
    };

    public static RouteGroupBuilder MapConnectorCallbacks(this IEndpointRouteBuilder app, string prefix = "/callbacks")
    {
        var group = app.MapGroup(prefix).AllowAnonymous();
        group.MapPost("/{connector}/status", (string connector, HttpContext http) => HandleAsync(connector, http, StatusDefaults, Status));
        group.MapPost("/{connector}/approval", (string connector, HttpContext http) => HandleAsync(connector, http, ApprovalDefaults, Approval));
        group.MapPost("/{connector}/call-result", (string connector, HttpContext http) => HandleAsync(connector, http, CallResultDefaults, CallResult));
        return group;
    }

    private static async Task<IResult> HandleAsync(
        string connector,
        HttpContext http,
        IReadOnlyDictionary<string, string> defaults,
        Func<string, ConnectorOptions, Func<string, string?>, DateTimeOffset, object> build)
    {
        var registry = http.RequestServices.GetRequiredService<ConnectorRegistry>();
        if (registry.Options(connector) is not { } options)
        {
            return Results.NotFound(new { error = $"No connector named '{connector}'." });
        }

        var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var now = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var callbacks = options.Callbacks;
        if (!string.IsNullOrEmpty(callbacks.Secret))
        {
            if (!HmacSignature.Verify(callbacks.Secret, http.Request.Headers[HmacSignature.TimestampHeader], http.Request.Headers[HmacSignature.SignatureHeader], body, now, callbacks.Tolerance))
            {
                return Results.Json(new { error = "signature missing, stale or wrong" }, statusCode: StatusCodes.Status401Unauthorized);
            }
        }
        else if (!callbacks.AllowUnsigned)
        {
            return Results.Json(new { error = $"connector '{connector}' accepts no callbacks (no Callbacks:Secret configured)" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new { error = $"body is not JSON: {e.Message}" });
        }

        var items = root is JsonArray array ? array.OfType<JsonNode>().ToList() : root is null ? [] : [root];
        var messages = new List<object>();
        try
        {
            foreach (var item in items)
            {
                messages.Add(build(connector, options, field =>
                    JsonTemplate.AsText(JsonTemplate.Evaluate(item, callbacks.Fields.TryGetValue(field, out var expression) ? expression : defaults[field])), now));
            }
        }
        catch (CallbackFieldException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }

        var sink = http.RequestServices.GetRequiredService<IConnectorEventSink>();
        foreach (var message in messages)
        {
            await sink.PublishAsync(message, http.RequestAborted);
        }

        return Results.Accepted(value: new { published = messages.Count });
    }

    private static object Status(string connector, ConnectorOptions options, Func<string, string?> field, DateTimeOffset now)
    {
        var raw = Required(field, "status");
        var orderId = field("orderId");
        var externalId = field("externalId");
        if (orderId is null && externalId is null)
        {
            throw new CallbackFieldException("a status callback needs the order id or the external id");
        }

        return new WorkOrderStatusReported(
            orderId,
            externalId,
            options.StatusMap.TryGetValue(raw, out var mapped) ? mapped : raw.ToLowerInvariant(),
            raw,
            $"{connector}-webhook",
            Time(field("reportedAt"), now),
            field("note"),
            field("eventId"));
    }

    private static object Approval(string connector, ConnectorOptions options, Func<string, string?> field, DateTimeOffset now)
    {
        var decision = Required(field, "decision");
        return new ApprovalDecisionReceived(
            Required(field, "instanceId"),
            Required(field, "referenceId"),
            options.StatusMap.TryGetValue(decision, out var mapped) ? mapped : decision.ToLowerInvariant(),
            Time(field("decidedAt"), now),
            field("approver"),
            field("comment"));
    }

    private static object CallResult(string connector, ConnectorOptions options, Func<string, string?> field, DateTimeOffset now)
    {
        var dial = Required(field, "dialStatus");
        return new VoiceCallResultReceived(
            Required(field, "callId"),
            Required(field, "taskId"),
            Required(field, "phoneNumber"),
            options.StatusMap.TryGetValue(dial, out var mapped) ? mapped : dial.ToLowerInvariant(),
            int.TryParse(field("durationSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration) ? duration : 0,
            int.TryParse(field("attempt"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempt) ? attempt : 1,
            !bool.TryParse(field("final"), out var final) || final,
            Time(field("endedAt"), now),
            field("intent"),
            field("transcript"),
            field("scriptId"));
    }

    private static string Required(Func<string, string?> field, string name) =>
        field(name) is { Length: > 0 } value ? value : throw new CallbackFieldException($"field '{name}' is missing");

    private static DateTimeOffset Time(string? text, DateTimeOffset now) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : now;

    private sealed class CallbackFieldException(string message) : Exception(message);
}
