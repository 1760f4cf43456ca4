using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Outage;

/// <summary>
/// What the plugin uses when the hub composes no data sources: work orders, voice turns and tickets still run; an
/// outage plan fails with this reason (and stays in the error store, replayable once a customer database is configured).
/// </summary>
internal sealed class NoDataSources : IDataSources
{
    public IReadOnlyList<DataSourceInfo> List() => [];

    public Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default) =>
        throw Missing(source);

    public Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default) =>
        throw Missing(source);

    private static KeyNotFoundException Missing(string source) =>
        new($"No data source '{source}': the hub composes no data sources (DataSources section).");
}
