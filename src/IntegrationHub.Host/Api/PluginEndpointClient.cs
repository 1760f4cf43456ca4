using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Api;

/// <summary>
/// Calls a plugin's declared HTTP endpoint in process, as a signed-in user, with the same lookup, scope check and
/// body type as <see cref="PluginEndpointRouter"/>: the console uses a plugin's API (DataQuery's saved reports)
/// without an API key and without a second way into the plugin.
/// </summary>
internal sealed class PluginEndpointClient(PluginManager plugins, AccessControl access)
{
    /// <summary>Whether a running plugin serves the endpoint and <paramref name="user"/> may call it.</summary>
    public bool Offers(ClaimsPrincipal user, string method, string path) =>
        PluginEndpointRouter.Find(plugins, method, path) is { } found && access.Allows(user, found.Scope);

    /// <summary>The endpoint's answer; 404 when no running plugin serves it, 403 when the user lacks its scope.</summary>
    public async Task<EndpointResponse> InvokeAsync(ClaimsPrincipal user, string method, string path, object? body, CancellationToken cancellationToken)
    {
        if (PluginEndpointRouter.Find(plugins, method, path) is not { } found)
        {
            return EndpointResponse.NotFound($"No running plugin serves {method} {path}.");
        }

        if (!access.Allows(user, found.Scope))
        {
            return EndpointResponse.Forbidden($"This needs the scope '{found.Scope}'.");
        }

        using var lease = await found.Runtime.EnterAsync(cancellationToken);
        var json = lease.Plugin.Json;
        // Through JSON, as over HTTP: the body reaches the plugin as its own request type, read with its own options.
        var typed = body is null || found.Endpoint.RequestType is null
            ? null
            : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(body, json), found.Endpoint.RequestType, json);
        var request = new EndpointRequest(
            typed,
            found.Values.ToDictionary(v => v.Key, v => v.Value?.ToString() ?? string.Empty),
            new Dictionary<string, string>(),
            user.FindFirstValue(ClaimTypes.Name) ?? ApiKeyAuthenticationHandler.Anonymous,
            lease.Plugin.Services,
            scope => access.Allows(user, scope));
        return await found.Endpoint.Handler(request, cancellationToken);
    }

    /// <summary>A response body as the API's JSON (camelCase names), to read a field of.</summary>
    public static JsonElement? BodyOf(EndpointResponse response) =>
        response.Body is null ? null : JsonSerializer.SerializeToElement(response.Body, JsonSerializerOptions.Web);
}
