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
        MapChange(api, "reload", (plugins, name, cancellationToken) => plugins.ReloadAsync(name, cancellationToken),
            "Drain, unload and load a plugin again from its folder; messages wait in its queue meanwhile.");
        MapChange(api, "unload", (plugins, name, cancellationToken) => plugins.UnloadAsync(name, cancellationToken),
            "Drain, stop and unload a plugin; its messages go to the error store until it is loaded again (POST /api/plugins/load).");
        api.MapGet("/plugins/{name}/schedules", async (string name, PluginManager plugins, PluginJobSchedules schedules, CancellationToken cancellationToken) =>
                plugins.Get(name) is { } runtime
                    ? Results.Ok(await schedules.ListAsync(runtime.Manifest.Id, cancellationToken))
                    : ApiProblems.Problem(StatusCodes.Status404NotFound, "No such plugin.", $"No plugin named '{name}'."))
            .WithSummary("A plugin's Quartz jobs and timers with their next fire time (paused while the plugin is disabled).")
            .Produces<PluginSchedules>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(HubScopes.PluginsRead);
        MapChange(api, "disable", (plugins, name, cancellationToken) => plugins.DisableAsync(name, cancellationToken),
            "Disable a plugin: remembered in the hub's database (a restart keeps it disabled), its schedules paused, then drained and unloaded; its messages go to the error store until it is enabled.");
        MapChange(api, "enable", (plugins, name, cancellationToken) => plugins.EnableAsync(name, cancellationToken),
            "Enable a disabled plugin: forget it was disabled, resume its schedules, load it again from its folder.");
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
            catch (PluginDisabledException e)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The plugin's disabled state refuses this.", e.Message);
            }
        }).WithSummary("Load a plugin folder dropped into the plugins folder while the hub runs (a known plugin is reloaded).")
            .Produces<PluginStatus>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(HubScopes.PluginsReload);
    }

    /// <summary><c>POST /api/plugins/{name}/{verb}</c>: one change of a plugin's life, answered with its status after.</summary>
    private static void MapChange(IEndpointRouteBuilder api, string verb, Func<PluginManager, string, CancellationToken, Task<PluginStatus>> change, string summary) =>
        api.MapPost($"/plugins/{{name}}/{verb}", async (string name, PluginManager plugins, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await change(plugins, name, cancellationToken));
            }
            catch (KeyNotFoundException e)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such plugin.", e.Message);
            }
            catch (PluginDisabledException e)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "The plugin's disabled state refuses this.", e.Message);
            }
        }).WithSummary(summary)
            .Produces<PluginStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(HubScopes.PluginsReload);
}

/// <summary>The body of <c>POST /api/plugins/load</c>: a folder name (or path) inside the plugins folder.</summary>
public sealed record PluginLoadRequest(string Path);
