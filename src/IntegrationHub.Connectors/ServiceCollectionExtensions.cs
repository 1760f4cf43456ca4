using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectorRegistry"/> with every connector under <c>Connectors:{name}</c> (its <c>Kind</c>
    /// and options), the status poller of db-table connectors, and the sink callbacks publish to (the bus's
    /// <c>IPublishEndpoint</c>; register your own <see cref="IConnectorEventSink"/> first to replace it).
    /// </summary>
    public static IServiceCollection AddHubConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient();
        services.TryAddSingleton(sp => new ConnectorRegistry(
            configuration,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        services.TryAddSingleton<IConnectorRegistry>(sp => sp.GetRequiredService<ConnectorRegistry>());
        services.TryAddScoped<IConnectorEventSink, BusEventSink>();
        services.TryAddSingleton<ICallbackReplayGuard>(sp => new CallbackReplayGuard(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHostedService<DbTableStatusPoller>();
        return services;
    }
}
