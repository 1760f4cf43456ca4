using IntegrationHub.Host.Configuration;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace IntegrationHub.Host;

public static class HubSchedulerComposition
{
    /// <summary>Quartz with its job store in the hub database (clustered on PostgreSQL), on the hub's clock.</summary>
    public static IServiceCollection AddHubScheduler(this IServiceCollection services, HubDatabase database)
    {
        // Tests register a fake TimeProvider before the hub is added, to move the scheduler's clock.
        var time = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        services.TryAddSingleton(time);
        services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (database.Provider == StorageProvider.PostgreSql)
                {
                    // Several hub instances share one PostgreSQL: clustering makes each trigger fire on one of them.
                    store.UseClustering();
                    store.UsePostgres(database.ConnectionString);
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }
            });
        });
        services.AddOptions<QuartzSchedulerOptions>()
            .Configure<IOptions<HubOptions>>((quartz, hub) => quartz.IdleWaitTime = hub.Value.Scheduler.IdleWait);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
