using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Connectors.Tests;

/// <summary>Builds a registry from in-memory configuration, the way the hub does.</summary>
internal static class Connectors
{
    public static ConnectorRegistry Registry(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubConnectors(configuration);
        return services.BuildServiceProvider().GetRequiredService<ConnectorRegistry>();
    }
}
