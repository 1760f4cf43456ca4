using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>The <see cref="IDataSources"/> a plugin gets when the hub has no data sources configured.</summary>
internal sealed class NoDataSources : IDataSources
{
    public IReadOnlyList<DataSourceInfo> List() => [];

    public Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default) =>
        throw new KeyNotFoundException($"No data source '{source}': the hub has none configured (DataSources section).");

    public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default) =>
        throw new KeyNotFoundException($"No data source '{source}': the hub has none configured (DataSources section).");
}
