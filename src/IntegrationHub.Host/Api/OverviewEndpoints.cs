using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Api;

internal static class OverviewEndpoints
{
    public static void MapOverviewEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/overview", (OverviewReader overview, CancellationToken cancellationToken) => overview.ReadAsync(cancellationToken))
            .WithSummary("What the console's overview shows: transport and health, queues with depth, consumers and rates, outbox depth and oldest entry, connected workers, errors in the last hour, plugins.")
            .Produces<OverviewSnapshot>()
            .RequireScope(HubScopes.MetricsRead);
    }
}
