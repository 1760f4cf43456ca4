using IntegrationHub.Contracts.Security;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.WebConsole;

/// <summary>What the overview shows, and what its live stream sends every few seconds.</summary>
public sealed record OverviewSnapshot(
    string Transport,
    string Health,
    IReadOnlyList<HealthCheckLine> Checks,
    long PendingDeliveries,
    long PendingPublishes,
    long ErrorsLastHour,
    IReadOnlyList<PluginLine> Plugins,
    DateTimeOffset At);

public sealed record HealthCheckLine(string Name, string Status, string? Description);

public sealed record PluginLine(string Name, string Version, string State, int Generation);

/// <summary>Reads the figures of <see cref="OverviewSnapshot"/> from the health checks, the stores and the plugin manager.</summary>
internal sealed class OverviewReader(
    HealthCheckService health,
    DeliveryOutboxStore deliveries,
    PublishOutboxStore publishes,
    ErrorStore errors,
    PluginManager plugins,
    IOptions<HubOptions> hub,
    TimeProvider time)
{
    public async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var now = time.GetUtcNow();
        return new OverviewSnapshot(
            hub.Value.Bus.Transport.ToString(),
            report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckLine(e.Key, e.Value.Status.ToString(), e.Value.Description is { } d ? Secrets.Redact(d) : null)).ToList(),
            await deliveries.CountPendingAsync(cancellationToken),
            await publishes.CountPendingAsync(cancellationToken),
            await errors.CountSinceAsync(now.AddHours(-1), cancellationToken),
            plugins.List().Select(p => new PluginLine(p.Name, p.Version, p.State, p.Generation)).ToList(),
            now);
    }
}
