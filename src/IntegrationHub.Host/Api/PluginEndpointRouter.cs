using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Routing.Template;

namespace IntegrationHub.Host.Api;

/// <summary>
/// Serves the HTTP endpoints plugins declare. ASP.NET's route table is fixed at start, while plugins come and go
/// with reloads; so one catch-all route under <c>/api</c> looks the request up among the running plugins'
/// declarations (more specific host routes win before it). The caller needs the endpoint's declared scope
/// (<see cref="PluginEndpoint.Scope"/>, else <c>plugin:{Id}</c>). Bodies are read with the plugin's own serializer options.
/// </summary>
internal static class PluginEndpointRouter
{
    public static void MapPluginEndpoints(this IEndpointRouteBuilder api) =>
        api.MapMethods("/{**path}", ["GET", "POST", "PUT", "DELETE"], Dispatch)
            .WithSummary("Endpoints declared by plugins (see GET /api/plugins).")
            .ExcludeFromDescription()
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());

    private static async Task<IResult> Dispatch(HttpContext http, PluginManager plugins, AccessControl access, CancellationToken cancellationToken)
    {
        var path = http.Request.Path.Value ?? "/";
        if (Find(plugins, http.Request.Method, path) is not { } found)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such endpoint.", $"No endpoint {http.Request.Method} {ApiProblems.Quote(path)}; GET /api/plugins lists the plugins' endpoints, /openapi/v1.json all of them.");
        }

        var principal = http.User.FindFirstValue(ClaimTypes.Name) ?? ApiKeyAuthenticationHandler.Anonymous;
        return access.Allows(principal, found.Scope)
            ? await InvokeAsync(http, found.Runtime, found.Endpoint, found.Values, principal, access, cancellationToken)
            : ForbiddenAsProblem.Forbidden(http, access, found.Scope);
    }

    /// <summary>The running plugin endpoint that serves <paramref name="method"/> <paramref name="path"/>, with its route values and the scope it needs.</summary>
    internal static FoundPluginEndpoint? Find(PluginManager plugins, string method, string path)
    {
        foreach (var runtime in plugins.Runtimes)
        {
            var loaded = runtime.Current;
            if (loaded is null)
            {
                continue;
            }

            foreach (var endpoint in loaded.Endpoints)
            {
                var values = new RouteValueDictionary();
                if (endpoint.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
                    && new TemplateMatcher(TemplateParser.Parse(endpoint.Route.TrimStart('/')), new RouteValueDictionary()).TryMatch(path, values))
                {
                    return new FoundPluginEndpoint(runtime, endpoint, values, endpoint.Scope ?? HubScopes.PluginDefault(runtime.Manifest.Id));
                }
            }
        }

        return null;
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, PluginRuntime runtime, PluginEndpoint endpoint, RouteValueDictionary values, string principal, AccessControl access, CancellationToken cancellationToken)
    {
        using var lease = await runtime.EnterAsync(cancellationToken);
        var json = lease.Plugin.Json;
        var uploadFolder = endpoint.RequestType == typeof(MultipartUpload)
            ? Path.Combine(lease.Plugin.Context.DataDirectory, "uploads", Guid.NewGuid().ToString("N"))
            : null;
        try
        {
            var (body, refused) = await ReadBodyAsync(http, endpoint.RequestType, json, uploadFolder, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            var request = new EndpointRequest(
                body,
                values.ToDictionary(v => v.Key, v => v.Value?.ToString() ?? string.Empty),
                http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                principal,
                lease.Plugin.Services,
                scope => access.Allows(principal, scope));
            var response = await endpoint.Handler(request, cancellationToken);
            if (response.Bytes is not null)
            {
                http.Response.StatusCode = response.StatusCode;
                return Results.Bytes(response.Bytes, response.ContentType ?? "application/octet-stream");
            }

            return response.Body is null
                ? Results.StatusCode(response.StatusCode)
                : Results.Json(response.Body, json, statusCode: response.StatusCode);
        }
        finally
        {
            DeleteFolder(uploadFolder);
        }
    }

    /// <summary>
    /// The endpoint's request body: none, a multipart upload streamed into <paramref name="uploadFolder"/>, or JSON of
    /// its request type. A body that is not one is refused with a validation problem.
    /// </summary>
    private static async Task<(object? Body, IResult? Refused)> ReadBodyAsync(HttpContext http, Type? requestType, JsonSerializerOptions json, string? uploadFolder, CancellationToken cancellationToken)
    {
        if (uploadFolder is not null)
        {
            // Streamed to disk, so the request size limit meant for JSON bodies does not apply (a run is gigabytes).
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            var (upload, error) = await MultipartUploadReader.ReadAsync(http.Request, uploadFolder, cancellationToken);
            return upload is null ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [error!] })) : (upload, null);
        }

        if (requestType is null)
        {
            return (null, null);
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(http.Request.Body, requestType, json, cancellationToken);
            return body is null ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["A JSON body is required."] })) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { [e.Path ?? "$"] = [e.Message] }, title: "The body is not valid JSON for this endpoint."));
        }
    }

    private static void DeleteFolder(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

internal sealed record FoundPluginEndpoint(PluginRuntime Runtime, PluginEndpoint Endpoint, RouteValueDictionary Values, string Scope);
