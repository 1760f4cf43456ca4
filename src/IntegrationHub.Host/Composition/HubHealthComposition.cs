using IntegrationHub.Host.Api;

namespace IntegrationHub.Host;

public static class HubHealthComposition
{
    /// <summary>Health checks for <c>GET /health</c>: MassTransit adds the bus's own; the hub runtime adds database and plugins.</summary>
    public static IHealthChecksBuilder AddHubHealth(this IServiceCollection services) => services.AddHealthChecks();

    /// <summary><c>GET /health</c> (no key needed) and <c>GET /metrics</c> (Prometheus), the only HTTP a worker host serves.</summary>
    public static void MapHubHealthAndMetrics(this IEndpointRouteBuilder app)
    {
        app.MapHubHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
