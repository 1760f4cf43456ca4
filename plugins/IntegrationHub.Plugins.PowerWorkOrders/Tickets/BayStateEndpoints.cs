using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>
/// <c>GET|PUT /api/power/bays/{id}/state</c>: the switching state tickets are simulated from. The dispatcher (or a
/// SCADA feed) reports it after a ticket is executed; until then the bay's configured state stands.
/// </summary>
internal static class BayStateEndpoints
{
    public static void Map(IPluginBuilder builder)
    {
        builder.MapEndpoint(new PluginEndpoint("GET", "/api/power/bays/{id}/state", null, async (request, ct) =>
        {
            var bays = request.Services.GetRequiredService<BayCatalog>();
            return bays.Find(request.RouteValues["id"]) is not { } bay
                ? EndpointResponse.NotFound("no such bay")
                : EndpointResponse.Ok(await bays.CurrentStateAsync(bay, request.Services.GetRequiredService<IPluginStore>(), ct));
        }, "The bay's switching state: equipment positions and ground wires.", PowerScopes.Read));

        builder.MapEndpoint(new PluginEndpoint("PUT", "/api/power/bays/{id}/state", typeof(BayState), async (request, ct) =>
        {
            if (request.Services.GetRequiredService<BayCatalog>().Find(request.RouteValues["id"]) is not { } bay)
            {
                return EndpointResponse.NotFound("no such bay");
            }

            if (request.Body is not BayState state)
            {
                return EndpointResponse.BadRequest("a bay state (positions, groundWires) is required");
            }

            if (bay.Problems(state) is { Count: > 0 } problems)
            {
                return EndpointResponse.BadRequest("invalid bay state", new Dictionary<string, string[]> { ["state"] = [.. problems] });
            }

            var full = bay.InitialState();
            foreach (var (id, position) in state.Positions)
            {
                full.Positions[bay.Equipment.First(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase)).Id] = position;
            }

            full.GroundWires = [.. state.GroundWires.Distinct(StringComparer.OrdinalIgnoreCase)];
            await request.Services.GetRequiredService<IPluginStore>().PutAsync(BayCatalog.States, bay.Id, full, cancellationToken: ct);
            return EndpointResponse.Ok(full);
        }, "Records the bay's switching state (positions not given keep the configured ones) that the next tickets start from.", PowerScopes.Tickets));
    }
}
