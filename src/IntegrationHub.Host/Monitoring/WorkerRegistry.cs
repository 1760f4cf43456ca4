using System.Collections.Concurrent;
using IntegrationHub.Contracts.Workers;
using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// The worker processes this hub has heard from: the last heartbeat of each, kept until
/// <see cref="MonitoringOptions.WorkerExpiry"/> after it arrived (by this hub's clock, so machines' clocks need not
/// agree), or until the process says it is stopping.
/// </summary>
public sealed class WorkerRegistry(IOptions<HubOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, (WorkerHeartbeat Heartbeat, DateTimeOffset ReceivedAt)> _workers = new();

    public void Record(WorkerHeartbeat heartbeat)
    {
        if (heartbeat.Stopping)
        {
            _workers.TryRemove(heartbeat.InstanceId, out _);
            return;
        }

        _workers[heartbeat.InstanceId] = (heartbeat, time.GetUtcNow());
    }

    /// <summary>The processes heard from within the expiry, by role then machine and process id; expired ones are forgotten.</summary>
    public IReadOnlyList<WorkerLine> Current()
    {
        var now = time.GetUtcNow();
        var expiry = options.Value.Monitoring.WorkerExpiry;
        foreach (var (id, entry) in _workers)
        {
            if (now - entry.ReceivedAt > expiry)
            {
                _workers.TryRemove(KeyValuePair.Create(id, entry));
            }
        }

        return _workers.Values
            .Select(e => new WorkerLine(
                string.Join(", ", e.Heartbeat.Roles),
                e.Heartbeat.Machine,
                e.Heartbeat.ProcessId,
                e.Heartbeat.Since,
                e.Heartbeat.Queues.Sum(q => q.InFlight),
                e.ReceivedAt,
                e.Heartbeat.Queues.Select(q => q.Name).ToList()))
            .OrderBy(w => w.Role, StringComparer.Ordinal).ThenBy(w => w.Machine, StringComparer.Ordinal).ThenBy(w => w.ProcessId)
            .ToList();
    }
}

/// <summary>A connected worker process as the overview shows it.</summary>
/// <param name="Role">The workers it runs (<c>reasoning</c>; <c>perception, reasoning</c> for a hub with its workers in process).</param>
/// <param name="InFlight">Messages it is handling now, over its queues.</param>
/// <param name="LastSeen">When its last heartbeat arrived.</param>
public sealed record WorkerLine(string Role, string Machine, int ProcessId, DateTimeOffset Since, int InFlight, DateTimeOffset LastSeen, IReadOnlyList<string> Queues);
