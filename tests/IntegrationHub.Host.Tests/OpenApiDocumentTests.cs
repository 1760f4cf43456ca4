using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 13: /openapi/v1.json documents every route the hub serves, the plugins' included, with error answers.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_has_every_host_route_and_every_running_plugins_endpoint()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        environment.AddRecorder();
        environment.Plugins.Add("IntegrationHub.Plugins.PowerWorkOrders");
        await using var hub = await environment.StartHubAsync();
        var paths = (await hub.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        var routes = hub.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m)))
            .ToList();
        var plugins = hub.Get<PluginManager>().Runtimes.Where(r => r.Current is not null).SelectMany(r => r.Current!.Endpoints)
            .Select(e => (Path: "/" + e.Route.TrimStart('/'), e.Method)).ToList();
        Assert.Contains(routes, r => r.Path == "/api/events/{type}");
        Assert.Contains(plugins, p => p.Path == "/api/recorder/defects/{id}");
        Assert.Contains(plugins, p => p.Path == "/api/voicebot/turn");

        foreach (var (path, method) in routes.Concat(plugins))
        {
            var operation = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var found) ? found : default;
            Assert.True(operation.ValueKind == JsonValueKind.Object, $"{method} {path} is not in the document");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {path} does not document 401");
        }

        var ingest = paths.GetProperty("/api/events/{type}").GetProperty("post").GetProperty("responses");
        var accepted = ingest.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("IngestAccepted", accepted.GetProperty("$ref").GetString());
        Assert.False(ingest.TryGetProperty("200", out _));
        foreach (var status in new[] { "400", "404", "413", "415", "422" })
        {
            Assert.True(ingest.TryGetProperty(status, out _), $"POST /api/events/{{type}} does not document {status}");
        }

        var parameters = paths.GetProperty("/api/events/{type}").GetProperty("post").GetProperty("parameters");
        Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");

        var turn = paths.GetProperty("/api/voicebot/turn").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(turn.GetProperty("properties").EnumerateObject().Any(), turn.GetRawText());
    }

    private static string Normalize(string pattern) =>
        "/" + string.Join('/', pattern.TrimStart('/').Split('/').Select(s => s.StartsWith('{') && s.Contains(':') ? s[..s.IndexOf(':')] + "}" : s));
}
