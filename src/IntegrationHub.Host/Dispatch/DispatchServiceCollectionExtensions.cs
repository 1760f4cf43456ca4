using IntegrationHub.Host.Dispatch.Filters;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;

namespace IntegrationHub.Host.Dispatch;

public static class DispatchServiceCollectionExtensions
{
    /// <summary>
    /// The dispatch of bus messages to plugin handlers: the <see cref="PluginDispatcher"/> and its pipeline, in this
    /// order: contract validation, message metrics, retry policy, holding through a store outage, attempt tracing/metrics, reload gate,
    /// [crash after commit: only when <c>Hub:FaultInjection:CrashAfterCommitOf</c> is set], prepare (two-step handlers),
    /// unit of work, inbox, handler.
    /// </summary>
    public static IServiceCollection AddPluginDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        var faults = configuration.GetSection(FaultInjectionOptions.Section);
        services.Configure<FaultInjectionOptions>(faults);
        var injectCrash = !string.IsNullOrWhiteSpace(faults.Get<FaultInjectionOptions>()?.CrashAfterCommitOf);

        services.AddSingleton<RedeliveryScheduler>();
        services.AddSingleton<HandlerScopes>();
        services.AddSingleton<HandlerInvoker>();
        services.AddSingleton<ContractValidationFilter>();
        services.AddSingleton<MessageMetricsFilter>();
        services.AddSingleton<RetryFilter>();
        services.AddSingleton<StoreOutageFilter>();
        services.AddSingleton<AttemptTelemetryFilter>();
        services.AddSingleton<ReloadGateFilter>();
        services.AddSingleton<CrashAfterCommitFilter>();
        services.AddSingleton<PrepareFilter>();
        services.AddSingleton<UnitOfWorkBatcher>();
        services.AddSingleton<UnitOfWorkFilter>();
        services.AddSingleton<InboxFilter>();
        services.AddSingleton(sp =>
        {
            List<IDispatchFilter> filters =
            [
                sp.GetRequiredService<ContractValidationFilter>(),
                sp.GetRequiredService<MessageMetricsFilter>(),
                sp.GetRequiredService<RetryFilter>(),
                sp.GetRequiredService<StoreOutageFilter>(),
                sp.GetRequiredService<AttemptTelemetryFilter>(),
                sp.GetRequiredService<ReloadGateFilter>(),
            ];
            if (injectCrash)
            {
                filters.Add(sp.GetRequiredService<CrashAfterCommitFilter>());
            }

            filters.Add(sp.GetRequiredService<PrepareFilter>());
            filters.Add(sp.GetRequiredService<UnitOfWorkFilter>());
            filters.Add(sp.GetRequiredService<InboxFilter>());
            return new DispatchPipeline(filters, sp.GetRequiredService<HandlerInvoker>());
        });
        services.AddSingleton<PluginDispatcher>();
        return services;
    }
}
