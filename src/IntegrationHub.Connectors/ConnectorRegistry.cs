using IntegrationHub.Connectors.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors;

/// <summary>
/// The connectors configured under <c>Connectors:{name}</c>, built once at start (a bad configuration fails the
/// hub's start, not the first delivery). Each connector keeps its Polly pipeline, so its circuit breaker sees all
/// of its deliveries.
/// </summary>
public sealed class ConnectorRegistry : IConnectorRegistry, IDisposable
{
    public const string Section = "Connectors";

    private readonly Dictionary<string, IConnector> _connectors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ConnectorOptions> _options = new(StringComparer.OrdinalIgnoreCase);

    public ConnectorRegistry(IConfiguration configuration, IHttpClientFactory http, TimeProvider time, ILoggerFactory loggers)
    {
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var options = section.Get<ConnectorOptions>() ?? new ConnectorOptions();
            var logger = loggers.CreateLogger($"IntegrationHub.Connectors.{section.Key}");
            IConnector connector = options.Kind.ToLowerInvariant() switch
            {
                ConnectorKinds.Rest or ConnectorKinds.Oa or ConnectorKinds.VoiceBot => new HttpConnector(section.Key, options, time, logger),
                "webhook" => new WebhookConnector(section.Key, (WebhookOptions)(options = section.Get<WebhookOptions>()!), http.CreateClient($"connector:{section.Key}"), loggers.CreateLogger<WebhookConnector>()),
                ConnectorKinds.DbTable => new DbTableConnector(section.Key, options, time),
                "" => throw new InvalidOperationException($"Connector '{section.Key}' has no Kind (Connectors:{section.Key}:Kind: rest, db-table, oa, voicebot or webhook)."),
                var other => throw new InvalidOperationException($"Connector '{section.Key}' has unknown Kind '{other}' (rest, db-table, oa, voicebot or webhook)."),
            };
            _connectors[section.Key] = connector;
            _options[section.Key] = options;
        }
    }

    public IReadOnlyList<string> Names => _connectors.Keys.Order(StringComparer.Ordinal).ToList();

    public IConnector Get(string name) =>
        _connectors.TryGetValue(name, out var connector)
            ? connector
            : throw new KeyNotFoundException($"No connector named '{name}' is configured (Connectors:{name}:Kind). Configured: {(Names.Count == 0 ? "none" : string.Join(", ", Names))}.");

    /// <summary>The options of a configured connector, or null.</summary>
    public ConnectorOptions? Options(string name) => _options.GetValueOrDefault(name);

    public IEnumerable<DbTableConnector> Polled => _connectors.Values.OfType<DbTableConnector>().Where(c => c.PollInterval is not null);

    public void Dispose()
    {
        foreach (var connector in _connectors.Values.OfType<IDisposable>())
        {
            connector.Dispose();
        }
    }
}
