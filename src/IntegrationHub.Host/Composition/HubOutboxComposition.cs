using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Scheduling;

namespace IntegrationHub.Host;

public static class HubOutboxComposition
{
    /// <summary>The outbox dispatcher and what writes through it (redeliveries, plugin timers).</summary>
    public static IServiceCollection AddHubOutbox(this IServiceCollection services)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<RedeliveryScheduler>();
        services.AddSingleton<TimerWriter>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
