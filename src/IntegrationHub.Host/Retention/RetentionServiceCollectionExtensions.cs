namespace IntegrationHub.Host.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The periodic purge of inbox records and delivered outbox entries; settings from <c>Hub:Retention</c>.</summary>
    public static IServiceCollection AddStoreRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.Inbox > TimeSpan.Zero && o.DeliveredOutbox > TimeSpan.Zero && o.Interval > TimeSpan.Zero, "Hub:Retention: Inbox, DeliveredOutbox and Interval must be positive.")
            .Validate(o => o.BatchSize >= 1, "Hub:Retention: BatchSize must be at least 1.")
            .ValidateOnStart();
        services.AddHostedService<StoreRetention>();
        return services;
    }
}
