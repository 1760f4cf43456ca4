namespace IntegrationHub.Host.Configuration;

/// <summary>Bound from <c>Hub:Monitoring</c>: the worker heartbeats the overview's connected workers come from.</summary>
public sealed class MonitoringOptions
{
    /// <summary>How often a process running workers publishes its heartbeat (<c>hub.worker-heartbeat</c>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a hub keeps listing a worker process after its last heartbeat (a killed worker sends no goodbye).</summary>
    public TimeSpan WorkerExpiry { get; set; } = TimeSpan.FromSeconds(20);
}
