using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Plugins;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.OpenApi;

namespace IntegrationHub.Host.Api.OpenApi;

/// <summary>
/// Adds the running plugins' endpoints to <c>/openapi/v1.json</c>. They are served by one dispatcher route (plugins
/// come and go with reloads), so ASP.NET's endpoint metadata knows nothing of them; their declarations do. The document
/// is built per request, so it shows what is loaded now. Request schemas come from the plugin's type through a
/// serializer created for this document only, so no cache outlives the plugin's load context.
/// </summary>
internal sealed class PluginEndpointsDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var plugins = context.ApplicationServices.GetRequiredService<PluginManager>();
        document.Paths ??= [];
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        foreach (var runtime in plugins.Runtimes)
        {
            if (runtime.Current is not { } loaded)
            {
                continue;
            }

            foreach (var endpoint in loaded.Endpoints)
            {
                var path = "/" + endpoint.Route.TrimStart('/');
                if (!document.Paths.TryGetValue(path, out var item) || item is not OpenApiPathItem pathItem)
                {
                    pathItem = new OpenApiPathItem();
                    document.Paths[path] = pathItem;
                }

                pathItem.Operations ??= [];
                pathItem.Operations[HttpMethod.Parse(endpoint.Method)] = Operation(runtime.Manifest, endpoint, json);
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiOperation Operation(PluginManifest plugin, PluginEndpoint endpoint, JsonSerializerOptions json)
    {
        var operation = new OpenApiOperation
        {
            Summary = endpoint.Summary ?? $"An endpoint of the {plugin.Id} plugin.",
            Description = $"Declared by plugin {plugin.Id} {plugin.Version}; served while it runs.",
            Parameters = TemplateParser.Parse(endpoint.Route.TrimStart('/')).Parameters
                .Select(p => (IOpenApiParameter)new OpenApiParameter { Name = p.Name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } })
                .ToList(),
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "The plugin's answer (JSON, or a file for download endpoints)." },
                ["400"] = ProblemResponse("The body or parameters are not valid."),
                ["401"] = ProblemResponse("No valid API key."),
                ["404"] = ProblemResponse("Not found."),
            },
        };
        if (endpoint.RequestType is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = JsonSchemaToOpenApi.Convert(JsonSchemaExporter.GetJsonSchemaAsNode(json, endpoint.RequestType)) },
                },
            };
        }

        return operation;
    }

    private static OpenApiResponse ProblemResponse(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
    };
}
