using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers;

/// <summary>
/// What a process running shared workers (<c>hub worker NAME</c>, or the hub runtime with its workers in process)
/// publishes every <c>Hub:Monitoring:HeartbeatInterval</c>: every hub runtime keeps the last one of each process, for
/// <c>Hub:Monitoring:WorkerExpiry</c>, as its connected workers. A process stopping sends one last heartbeat with
/// <see cref="Stopping"/> so it leaves the list at once.
/// </summary>
/// <param name="InstanceId">The process's bus instance (new at every start).</param>
/// <param name="Roles">The workers it runs (<c>perception</c>, <c>reasoning</c>).</param>
/// <param name="Queues">The queues its workers consume, with the messages each is handling now.</param>
/// <param name="Machine">The machine's name.</param>
/// <param name="ProcessId">The operating system's process id.</param>
/// <param name="Since">When the process started.</param>
/// <param name="SentAt">When this heartbeat was sent.</param>
/// <param name="Stopping">The process is shutting down.</param>
[MessageContract("hub.worker-heartbeat")]
public sealed record WorkerHeartbeat(
    Guid InstanceId,
    IReadOnlyList<string> Roles,
    IReadOnlyList<WorkerQueue> Queues,
    string Machine,
    int ProcessId,
    DateTimeOffset Since,
    DateTimeOffset SentAt,
    bool Stopping = false);

/// <param name="Name">The queue.</param>
/// <param name="InFlight">Messages from it the process is handling now.</param>
/// <param name="Received">Messages the process has taken from it since it started.</param>
public sealed record WorkerQueue(string Name, int InFlight, long Received);
