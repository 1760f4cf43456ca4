using System.Diagnostics;
using IntegrationHub.Contracts.Workers;
using IntegrationHub.Host.Configuration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Monitoring;

/// <summary>The workers a process runs (<see cref="IHubWorkerModule.Role"/>), as its heartbeat names them.</summary>
public sealed record WorkerRoles(IReadOnlyList<string> Names);

/// <summary>
/// Publishes this process's <see cref="WorkerHeartbeat"/> every <see cref="MonitoringOptions.HeartbeatInterval"/>, and a
/// last one marked stopping when it shuts down (before the bus stops: it starts after it). A heartbeat lives no
/// longer than <see cref="MonitoringOptions.WorkerExpiry"/> in a queue, so a hub that was down reads no stale ones.
/// </summary>
internal sealed class WorkerHeartbeatPublisher(
    IBus bus,
    WorkerRoles roles,
    ModuleQueues queues,
    QueueActivity activity,
    IOptions<HubOptions> options,
    TimeProvider time,
    ILogger<WorkerHeartbeatPublisher> logger) : BackgroundService
{
    private readonly Guid _instance = Guid.NewGuid();
    private readonly DateTimeOffset _since = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var monitoring = options.Value.Monitoring;
        using var timer = new PeriodicTimer(monitoring.HeartbeatInterval, time);
        do
        {
            await PublishAsync(stopping: false, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await PublishAsync(stopping: true, cancellationToken);
    }

    private async Task PublishAsync(bool stopping, CancellationToken cancellationToken)
    {
        var heartbeat = new WorkerHeartbeat(
            _instance,
            roles.Names,
            queues.Names.Select(Queue).ToList(),
            Environment.MachineName,
            Environment.ProcessId,
            _since,
            time.GetUtcNow(),
            stopping);
        try
        {
            await bus.Publish(heartbeat, context => context.TimeToLive = options.Value.Monitoring.WorkerExpiry, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The broker being away is the bus health check's news; the next heartbeat tries again.
            logger.LogDebug(e, "Worker heartbeat not published");
        }
    }

    private WorkerQueue Queue(string name)
    {
        var figures = activity.Of(name);
        return new WorkerQueue(name, figures.InFlight, figures.Received);
    }
}
