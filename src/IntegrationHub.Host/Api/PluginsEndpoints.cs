using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Api;

internal static class PluginsEndpoints
{
    public static void MapPluginsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/plugins", (PluginManager plugins) => Results.Ok(plugins.List()))
            .WithSummary("Plugins with version, state, handled types, endpoints and failures.")
            .RequireScope(HubScopes.PluginsRead);
        api.MapPost("/plugins/{name}/reload", async (string name, PluginManager plugins, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await plugins.ReloadAsync(name, cancellationToken));
            }
            catch (KeyNotFoundException e)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such plugin.", e.Message);
            }
        }).WithSummary("Drain, unload and load a plugin again from its folder; messages wait in its queue meanwhile.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(HubScopes.PluginsReload);
        api.MapPost("/plugins/{name}/unload", async (string name, PluginManager plugins, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await plugins.UnloadAsync(name, cancellationToken));
            }
            catch (KeyNotFoundException e)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such plugin.", e.Message);
            }
        }).WithSummary("Drain, stop and unload a plugin; its messages go to the error store until it is loaded again (POST /api/plugins/load).")
            .Produces<PluginStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(HubScopes.PluginsReload);
        api.MapPost("/plugins/load", async (PluginLoadRequest body, PluginManager plugins, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await plugins.LoadAsync(body.Path, cancellationToken));
            }
            catch (DirectoryNotFoundException e)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such plugin folder.", e.Message);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "The folder holds no readable plugin.json.", e.Message);
            }
        }).WithSummary("Load a plugin folder dropped into the plugins folder while the hub runs (a known plugin is reloaded).")
            .Produces<PluginStatus>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(HubScopes.PluginsReload);
    }
}

/// <summary>The body of <c>POST /api/plugins/load</c>: a folder name (or path) inside the plugins folder.</summary>
public sealed record PluginLoadRequest(string Path);
