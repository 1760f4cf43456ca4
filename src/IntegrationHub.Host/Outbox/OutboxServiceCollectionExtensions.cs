using IntegrationHub.Host.Outbox.Deliveries;
using IntegrationHub.Host.Outbox.Publishes;
using IntegrationHub.Host.Outbox.Timers;

namespace IntegrationHub.Host.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox's three ports and their dispatchers: deliveries to outside systems, deferred publishes to the bus,
    /// timer changes (which need an <c>ITimerChangeApplier</c>, the hub's scheduler). Settings from <c>Hub:Outbox</c>.
    /// </summary>
    public static IServiceCollection AddHubOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.Parallelism >= 1, "Hub:Outbox: MaxAttempts, BatchSize and Parallelism must be at least 1.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, "Hub:Outbox: FirstRetryDelay must be positive and MaxRetryDelay at least as long.")
            .Validate(o => o.ClaimLease >= TimeSpan.FromSeconds(1) && o.PollInterval > TimeSpan.Zero && o.IngestTimeout > TimeSpan.Zero, "Hub:Outbox: ClaimLease must be at least 1 s; PollInterval and IngestTimeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxPorts>();
        services.AddHostedService<DeliveryDispatcher>();
        services.AddHostedService<PublishDispatcher>();
        services.AddHostedService<TimerChangeDispatcher>();
        return services;
    }
}
