using IntegrationHub.Host.Configuration;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// What every hub process observes of its bus (<see cref="QueueActivity"/>, <see cref="ModuleQueues"/>), the heartbeat
/// of a process running workers, and the hub runtime's overview (registry of workers, queue figures, the snapshot).
/// </summary>
public static class MonitoringComposition
{
    /// <summary>Part of every bus composition (<see cref="HubBusComposition"/>).</summary>
    internal static IServiceCollection AddBusMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<QueueActivity>();
        services.AddReceiveObserver(sp => sp.GetRequiredService<QueueActivity>());
        services.AddSingleton<ModuleQueues>();
        return services;
    }

    /// <summary>A process running <paramref name="workers"/> publishes its heartbeat; none when it runs no worker. Call after the bus.</summary>
    public static IServiceCollection AddWorkerHeartbeat(this IServiceCollection services, IEnumerable<IHubWorkerModule> workers)
    {
        var roles = workers.Select(w => w.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            services.AddSingleton(new WorkerRoles(roles));
            services.AddHostedService<WorkerHeartbeatPublisher>();
        }

        return services;
    }

    /// <summary>The hub runtime's overview: connected workers, queue figures from the broker, the snapshot. Call after the bus.</summary>
    public static IServiceCollection AddHubOverview(this IServiceCollection services, HubOptions hub)
    {
        services.AddSingleton<WorkerRegistry>();
        services.AddHostedService<WorkerHeartbeatListener>();
        if (hub.Bus.Transport == BusTransport.RabbitMq)
        {
            services.AddSingleton<IQueueDepthSource, RabbitMqQueueDepths>();
        }
        else
        {
            services.AddSingleton<IQueueDepthSource, NoQueueDepths>();
        }

        services.AddSingleton<QueueSampler>();
        services.AddSingleton<OverviewReader>();
        return services;
    }
}
