using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Events.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors;

/// <summary>
/// Inbound callbacks from the systems the connectors talk to: <c>POST {prefix}/{connector}/{operation}</c> with one JSON
/// object or an array of them becomes one <see cref="ConnectorCallbackReceived"/> per object on the bus. The connector
/// knows no industry: it checks the caller's <see cref="HmacSignature"/> headers against <c>Callbacks:Secret</c> (these
/// endpoints skip the hub's API keys), refuses a signature seen before (<see cref="ICallbackReplayGuard"/>, kept in the hub's database) and an
/// operation the connector does not declare in <c>Callbacks:Operations</c>, adds the fields of <c>Callbacks:Fields</c> (name → expression over the object),
/// refuses an object without the fields <c>Callbacks:Required:{operation}</c> lists, and publishes. The plugin that owns
/// the connector maps the payload to its own events.
/// </summary>
public static class ConnectorCallbacks
{
    public static RouteGroupBuilder MapConnectorCallbacks(this IEndpointRouteBuilder app, string prefix = "/callbacks")
    {
        var group = app.MapGroup(prefix).AllowAnonymous();
        group.MapPost("/{connector}/{operation}", (string connector, string operation, HttpContext http) => HandleAsync(connector, operation, http));
        return group;
    }

    private static async Task<IResult> HandleAsync(string connector, string operation, HttpContext http)
    {
        if (!operation.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return Results.BadRequest(new { error = $"'{operation}' is not an operation name (letters, digits, '.', '-', '_')" });
        }

        var registry = http.RequestServices.GetRequiredService<ConnectorRegistry>();
        if (registry.Options(connector) is not { } options)
        {
            return Results.NotFound(new { error = $"No connector named '{connector}'." });
        }

        var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var now = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var callbacks = options.Callbacks;
        if (await RefuseCallerAsync(connector, callbacks, body, now, http) is { } refused) return refused;
        if (!callbacks.Operations.Contains(operation, StringComparer.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Callback kind not allowed",
                detail: $"Connector '{connector}' may not send '{operation}' callbacks; it may send: {(callbacks.Operations.Count == 0 ? "none" : string.Join(", ", callbacks.Operations))} (Connectors:{connector}:Callbacks:Operations).");
        }

        if (ReadMessages(connector, operation, body, callbacks, now, out var messages) is { } invalid) return invalid;
        var sink = http.RequestServices.GetRequiredService<IConnectorEventSink>();
        foreach (var message in messages)
        {
            await sink.PublishAsync(message, http.RequestAborted);
        }

        return Results.Accepted(value: new { published = messages.Count });
    }

    /// <summary>The answer for a caller that may not call back (unsigned, wrong or replayed signature); null for one that may.</summary>
    private static async Task<IResult?> RefuseCallerAsync(string connector, CallbackOptions callbacks, string body, DateTimeOffset now, HttpContext http)
    {
        if (string.IsNullOrEmpty(callbacks.Secret))
        {
            return callbacks.AllowUnsigned
                ? null
                : Results.Json(new { error = $"connector '{connector}' accepts no callbacks (no Callbacks:Secret configured)" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        string? timestamp = http.Request.Headers[HmacSignature.TimestampHeader], signature = http.Request.Headers[HmacSignature.SignatureHeader];
        if (!HmacSignature.Verify(callbacks.Secret, timestamp, signature, body, now, callbacks.Tolerance))
        {
            return Results.Json(new { error = "signature missing, stale or wrong" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp!, System.Globalization.CultureInfo.InvariantCulture)) + callbacks.Tolerance;
        if (!await http.RequestServices.GetRequiredService<ICallbackReplayGuard>().FirstTimeAsync(connector, signature!, expires, http.RequestAborted))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Callback replayed",
                detail: "This signed callback was received before; a new one needs a new timestamp and signature.");
        }

        return null;
    }

    /// <summary>One message per object of the body; a 400 answer (and no messages) when any object is not acceptable.</summary>
    private static IResult? ReadMessages(string connector, string operation, string body, CallbackOptions callbacks, DateTimeOffset now, out List<ConnectorCallbackReceived> messages)
    {
        messages = [];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new { error = $"body is not JSON: {e.Message}" });
        }

        var items = root is JsonArray array ? array.ToList() : [root];
        foreach (var item in items)
        {
            if (item is not JsonObject json)
            {
                return Results.BadRequest(new { error = "a callback is a JSON object or an array of JSON objects" });
            }

            var payload = Payload(json, callbacks);
            var missing = (callbacks.Required.GetValueOrDefault(operation) ?? []).FirstOrDefault(f => JsonTemplate.AsText(payload[f]) is not { Length: > 0 });
            if (missing is not null)
            {
                return Results.BadRequest(new { error = $"field '{missing}' is missing" });
            }

            var text = payload.ToJsonString();
            messages.Add(new ConnectorCallbackReceived(connector, operation, Key(connector, operation, text), text, now));
        }

        return null;
    }

    /// <summary>The object as sent, with the configured fields added (or replaced) from their expressions.</summary>
    private static JsonObject Payload(JsonObject item, CallbackOptions callbacks)
    {
        var payload = (JsonObject)item.DeepClone();
        foreach (var (name, expression) in callbacks.Fields)
        {
            if (JsonTemplate.Evaluate(item, expression) is { } value)
            {
                payload[name] = value.DeepClone();
            }
        }

        return payload;
    }

    private static string Key(string connector, string operation, string payload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{connector}\n{operation}\n{payload}")));
}
