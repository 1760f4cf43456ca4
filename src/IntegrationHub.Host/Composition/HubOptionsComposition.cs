using IntegrationHub.Host.Configuration;

namespace IntegrationHub.Host;

public static class HubOptionsComposition
{
    /// <summary>Binds <see cref="HubOptions"/> from the <c>Hub</c> section, and returns the values composition itself needs.</summary>
    public static HubOptions AddHubOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HubOptions>(configuration.GetSection(HubOptions.Section));
        return configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
    }
}
