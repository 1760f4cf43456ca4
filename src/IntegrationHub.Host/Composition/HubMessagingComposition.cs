using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Messaging;

namespace IntegrationHub.Host;

public static class HubMessagingComposition
{
    /// <summary>What the hub runtime adds to the bus: contract validation, the plugin dispatcher, the error store in each endpoint's error pipe, and replay.</summary>
    public static IServiceCollection AddHubMessaging(this IServiceCollection services)
    {
        services.AddSingleton<ContractValidator>();
        services.AddSingleton<PluginDispatcher>();
        services.AddSingleton<ErrorStoreFilterInstaller>();
        services.AddSingleton<ErrorReplayer>();
        return services;
    }
}
