using IntegrationHub.Contracts.Data;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Business databases registered in the hub's configuration (<c>DataSources:{name}</c>): their catalog and
/// read-only query execution. The hub owns the database drivers; a plugin never opens a connection itself.
/// </summary>
public interface IDataSources
{
    IReadOnlyList<DataSourceInfo> List();

    /// <summary>Tables, columns, keys, descriptions and the value index of low-cardinality text columns.</summary>
    Task<DatabaseCatalog> GetCatalogAsync(string source, bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one read-only statement with named parameters under the source's statement timeout and row limit.
    /// Writes are refused by the connection itself (read-only mode), not only by the caller's checks.
    /// </summary>
    Task<QueryResult> QueryAsync(string source, string sql, IReadOnlyDictionary<string, object?>? parameters = null, int? maxRows = null, CancellationToken cancellationToken = default);
}
