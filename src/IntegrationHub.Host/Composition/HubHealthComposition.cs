using IntegrationHub.Host.Api;

namespace IntegrationHub.Host;

public static class HubHealthComposition
{
    /// <summary>
    /// Health checks for <c>GET /health</c>, <c>/health/ready</c> and <c>/health/live</c>: whether the bus consumes (every
    /// process; MassTransit adds its own check too); the hub runtime adds database and plugins.
    /// </summary>
    public static IHealthChecksBuilder AddHubHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<BusConsumingHealthCheck>("consuming", tags: [HealthEndpoints.ReadyTag]);

    /// <summary><c>GET /health</c> (no key needed) and <c>GET /metrics</c> (Prometheus), the only HTTP a worker host serves.</summary>
    public static void MapHubHealthAndMetrics(this IEndpointRouteBuilder app)
    {
        app.MapHubHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
