using Dapper;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntegrationHub.Host.Api;

/// <summary>The database check for <c>GET /health</c> (MassTransit adds the bus's own).</summary>
internal sealed class DatabaseHealthCheck(HubDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>("SELECT 1");
            return HealthCheckResult.Healthy($"{database.Provider} reachable");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} unreachable: {Contracts.Security.Secrets.Redact(e)}");
        }
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

internal static class HealthEndpoints
{
    public static void MapHubHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                });
            },
        }).AllowAnonymous();
}
