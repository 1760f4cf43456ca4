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
                return Results.NotFound(new { error = e.Message });
            }
        }).WithSummary("Drain, unload and load a plugin again from its folder; messages wait in its queue meanwhile.")
            .RequireScope(HubScopes.PluginsReload);
    }
}
