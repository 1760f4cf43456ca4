using IntegrationHub.Host.Outbox.Timers;

namespace IntegrationHub.Host.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Plugin timers on the hub's Quartz scheduler, and the applier the outbox's timer port hands committed changes to.</summary>
    public static IServiceCollection AddPluginTimers(this IServiceCollection services)
    {
        services.AddSingleton<TimerWriter>();
        services.AddSingleton<ITimerChangeApplier>(sp => sp.GetRequiredService<TimerWriter>());
        return services;
    }
}
