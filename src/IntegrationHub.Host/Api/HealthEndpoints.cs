using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage;
using MassTransit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Host.Api;

/// <summary>The database check for <c>GET /health</c> (MassTransit adds the bus's own).</summary>
internal sealed class DatabaseHealthCheck(HubDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return await database.UnreachableAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy($"{database.Provider} unreachable: {Contracts.Security.Secrets.Redact(problem)}")
            : HealthCheckResult.Healthy($"{database.Provider} reachable");
    }
}

/// <summary>Degraded while any enabled plugin is failed; the hub still serves the others.</summary>
internal sealed class PluginsHealthCheck(PluginManager plugins) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = plugins.List().Where(p => p.State == nameof(PluginState.Failed)).Select(p => p.Name).ToList();
        return Task.FromResult(failed.Count == 0
            ? HealthCheckResult.Healthy($"{plugins.List().Count(p => p.State == nameof(PluginState.Running))} plugins running")
            : HealthCheckResult.Degraded($"failed plugins: {string.Join(", ", failed)}"));
    }
}

/// <summary>
/// Unhealthy unless the process consumes: the bus connected, every receive endpoint ready, and (hub runtime on
/// RabbitMQ) every plugin queue consuming.
/// MassTransit's own check calls that state "Degraded", which <c>/health</c> would answer with 200.
/// </summary>
internal sealed class BusConsumingHealthCheck(IBusControl bus, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        var waiting = health.Endpoints.Where(e => e.Value.Status != BusHealthStatus.Healthy).Select(e => e.Key)
            .Concat(services.GetService<PluginBusEndpoints>()?.NotConsuming ?? [])
            .ToList();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy && waiting.Count == 0
            ? HealthCheckResult.Healthy($"{health.Endpoints.Count} endpoints consuming")
            : HealthCheckResult.Unhealthy($"not consuming ({health.Description}); endpoints not ready: {string.Join(", ", waiting)}"));
    }
}

/// <summary>
/// <c>/health</c>: every check (503 when any is unhealthy); <c>/health/ready</c>: whether this process can do its work
/// (consuming, and the hub's database), 503 otherwise, for load balancers and readiness probes; <c>/health/live</c>:
/// the process answers at all, for liveness probes (a broker outage must not get processes restarted).
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static void MapHubHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", Options(_ => true)).AllowAnonymous();
        app.MapHealthChecks("/health/ready", Options(check => check.Tags.Contains(ReadyTag))).AllowAnonymous();
        app.MapHealthChecks("/health/live", Options(_ => false)).AllowAnonymous();
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = async (http, report) =>
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            });
        },
    };
}
