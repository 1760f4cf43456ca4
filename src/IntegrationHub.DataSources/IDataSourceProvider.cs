using IntegrationHub.Contracts.Data;

namespace IntegrationHub.DataSources;

/// <summary>What one database engine must do for a registered source.</summary>
internal interface IDataSourceProvider
{
    Task<DatabaseCatalog> ExtractCatalogAsync(string source, DataSourceOptions options, CancellationToken cancellationToken);

    Task<QueryResult> QueryAsync(DataSourceOptions options, string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken);
}
