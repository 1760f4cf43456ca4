using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Messaging;

namespace IntegrationHub.Host;

public static class HubMessagingComposition
{
    /// <summary>What the hub runtime adds to the bus: contract validation, the plugin dispatcher and its pipeline, the error store in each endpoint's error pipe, and replay.</summary>
    public static IServiceCollection AddHubMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ContractValidator>();
        services.AddPluginDispatch(configuration);
        services.AddSingleton<ErrorStoreFilterInstaller>();
        services.AddSingleton<ErrorReplayer>();
        return services;
    }
}
