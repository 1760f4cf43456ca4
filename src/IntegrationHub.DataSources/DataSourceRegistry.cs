using System.Collections.Concurrent;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.DataSources;

/// <summary>
/// The data sources the hub knows: those from configuration, plus any registered at run time (the CLI's <c>--db</c>).
/// Catalogs are extracted once per source and cached until asked to refresh.
/// </summary>
public sealed class DataSourceRegistry : IDataSources, ISemanticLayerSource
{
    private readonly ConcurrentDictionary<string, DataSourceOptions> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<DatabaseCatalog>>> _catalogs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemanticLayer?> _semanticLayers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISemanticLayerLoader? _loader;
    private readonly ILogger _logger;
    private readonly SqliteDataSource _sqlite = new();
    private readonly PostgresDataSource _postgres = new();

    public DataSourceRegistry(IEnumerable<KeyValuePair<string, DataSourceOptions>>? sources = null, ISemanticLayerLoader? loader = null, ILogger<DataSourceRegistry>? logger = null)
    {
        _loader = loader;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        foreach (var (name, options) in sources ?? [])
        {
            Register(name, options);
        }
    }

    /// <summary>Adds or replaces a source; its cached catalog is dropped.</summary>
    public void Register(string name, DataSourceOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException($"Data source '{name}' has no ConnectionString.", nameof(options));
        }

        _sources[name] = options;
        _catalogs.TryRemove(name, out _);
        _semanticLayers.TryRemove(name, out _);
    }

    /// <summary>Registers a semantic layer object directly (tests, the CLI's shipped default).</summary>
    public void SetSemanticLayer(string name, SemanticLayer? layer) => _semanticLayers[name] = layer;

    public bool Remove(string name)
    {
        _catalogs.TryRemove(name, out _);
        _semanticLayers.TryRemove(name, out _);
        return _sources.TryRemove(name, out _);
    }

    public DataSourceOptions GetOptions(string source) =>
        _sources.TryGetValue(source, out var options) ? options : throw new KeyNotFoundException($"No data source '{source}' is registered.");

    public IReadOnlyList<DataSourceInfo> List() =>
        _sources.OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase)
            .Select(s => new DataSourceInfo(s.Key, s.Value.Provider.ToString(), s.Value.Dialect, s.Value.RowLimit, TimeSpan.FromSeconds(s.Value.StatementTimeoutSeconds)))
            .ToList();

    public async Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var options = GetOptions(source);
        if (refresh)
        {
            _catalogs.TryRemove(source, out _);
        }

        var lazy = _catalogs.GetOrAdd(source, _ => new Lazy<Task<DatabaseCatalog>>(() => Provider(options).ExtractCatalogAsync(source, options, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed extraction is not cached: the next call tries again.
            _catalogs.TryRemove(new KeyValuePair<string, Lazy<Task<DatabaseCatalog>>>(source, lazy));
            throw;
        }
    }

    public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default)
    {
        var options = GetOptions(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var verdict = SqlSafety.Check(sql, options.Dialect);
        if (!verdict.IsSafe)
        {
            throw new UnauthorizedAccessException($"Refused ({verdict.Code}): {verdict.Reason}");
        }

        var cap = Math.Max(0, Math.Min(maxRows ?? options.RowLimit, options.RowLimit));
        return Provider(options).QueryAsync(options, sql, parameters, cap, cancellationToken);
    }

    public Task<SemanticLayer?> GetSemanticLayerAsync(string source, CancellationToken cancellationToken = default)
    {
        if (_semanticLayers.TryGetValue(source, out var cached))
        {
            return Task.FromResult(cached);
        }

        var options = GetOptions(source);
        SemanticLayer? layer = null;
        if (!string.IsNullOrWhiteSpace(options.SemanticLayer))
        {
            if (_loader is null)
            {
                _logger.LogWarning("Data source {Source} names semantic layer {Path} but the hub has no semantic-layer loader registered", source, options.SemanticLayer);
            }
            else if (!File.Exists(options.SemanticLayer))
            {
                _logger.LogWarning("Semantic layer {Path} of data source {Source} does not exist", options.SemanticLayer, source);
            }
            else
            {
                try
                {
                    layer = _loader.Load(options.SemanticLayer);
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Semantic layer {Path} of data source {Source} could not be read", options.SemanticLayer, source);
                }
            }
        }

        _semanticLayers[source] = layer;
        return Task.FromResult(layer);
    }

    private IDataSourceProvider Provider(DataSourceOptions options) =>
        options.Provider == DataSourceProvider.PostgreSql ? _postgres : _sqlite;
}
