using System.Collections.Frozen;
using IntegrationHub.Connectors.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors;

/// <summary>
/// The connector instances configured under <c>Connectors:{name}</c>, created once by kind. A new target of a
/// known kind is configuration only; a new kind is one class and one line in <see cref="Create"/>.
/// </summary>
public sealed class ConnectorRegistry : IConnectorRegistry
{
    private readonly FrozenDictionary<string, IConnector> _connectors;

    public ConnectorRegistry(IConfiguration configuration, IHttpClientFactory http, ILoggerFactory logging)
    {
        _connectors = configuration.GetSection("Connectors").GetChildren()
            .ToFrozenDictionary(section => section.Key, section => Create(section, http, logging), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Names => _connectors.Keys;

    public IConnector Get(string name) => _connectors.TryGetValue(name, out var connector)
        ? connector
        : throw new KeyNotFoundException($"No connector named '{name}'. Configured: {string.Join(", ", _connectors.Keys.Order())}.");

    private static IConnector Create(IConfigurationSection section, IHttpClientFactory http, ILoggerFactory logging)
    {
        var kind = section["Kind"];
        return kind?.ToLowerInvariant() switch
        {
            "webhook" => new WebhookConnector(section.Key, section.Get<WebhookOptions>()!, http.CreateClient($"connector:{section.Key}"), logging.CreateLogger<WebhookConnector>()),
            _ => throw new InvalidOperationException($"Connector '{section.Key}': unknown kind '{kind}'."),
        };
    }
}

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>The connectors configured under <c>Connectors</c>, for the hub's outbox dispatcher.</summary>
    public static IServiceCollection AddHubConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient();
        services.AddSingleton<IConnectorRegistry>(sp => new ConnectorRegistry(configuration, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
