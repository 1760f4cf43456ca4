using IntegrationHub.Contracts.Security;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// What the overview shows (the console's <c>/</c>, its live stream every few seconds, and <c>GET /api/overview</c>).
/// Ages are of the oldest pending outbox entry, null when none is pending.
/// </summary>
public sealed record OverviewSnapshot(
    string Transport,
    string Health,
    IReadOnlyList<HealthCheckLine> Checks,
    long PendingDeliveries,
    TimeSpan? OldestDeliveryAge,
    long PendingPublishes,
    TimeSpan? OldestPublishAge,
    long ErrorsLastHour,
    IReadOnlyList<QueueLine> Queues,
    IReadOnlyList<WorkerLine> Workers,
    IReadOnlyList<PluginLine> Plugins,
    DateTimeOffset At);

public sealed record HealthCheckLine(string Name, string Status, string? Description);

public sealed record PluginLine(string Name, string Version, string State, int Generation);

/// <summary>
/// Reads the figures of <see cref="OverviewSnapshot"/>: health checks, outbox and error stores, the plugin manager,
/// the queues the hub knows (its plugins', its modules', and those its connected workers report) and the workers.
/// </summary>
internal sealed class OverviewReader(
    HealthCheckService health,
    DeliveryOutboxStore deliveries,
    PublishOutboxStore publishes,
    ErrorStore errors,
    PluginManager plugins,
    QueueSampler queues,
    ModuleQueues moduleQueues,
    WorkerRegistry workers,
    IOptions<HubOptions> hub,
    TimeProvider time)
{
    public async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pluginList = plugins.List();
        var connected = workers.Current();
        var known = pluginList.Select(p => PluginBusEndpoints.QueueName(p.Name))
            .Concat(moduleQueues.Names)
            .Concat(connected.SelectMany(w => w.Queues))
            .ToHashSet(StringComparer.Ordinal);
        return new OverviewSnapshot(
            hub.Value.Bus.Transport.ToString(),
            report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckLine(e.Key, e.Value.Status.ToString(), e.Value.Description is { } d ? Secrets.Redact(d) : null)).ToList(),
            await deliveries.CountPendingAsync(cancellationToken),
            now - await deliveries.OldestPendingAsync(cancellationToken),
            await publishes.CountPendingAsync(cancellationToken),
            now - await publishes.OldestPendingAsync(cancellationToken),
            await errors.CountSinceAsync(now.AddHours(-1), cancellationToken),
            await queues.ReadAsync(known, cancellationToken),
            connected,
            pluginList.Select(p => new PluginLine(p.Name, p.Version, p.State, p.Generation)).ToList(),
            now);
    }
}
