using IntegrationHub.Contracts.Data;
using IntegrationHub.DataSources;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

/// <summary>Catalogs as the hub extracts them (IntegrationHub.DataSources): comments, keys, value index.</summary>
public static class Catalogs
{
    public static DatabaseCatalog Read(string sqlitePath, string name)
    {
        var registry = new DataSourceRegistry();
        registry.Register(name, DataSourceOptions.FromConnectionString($"Data Source={sqlitePath}"));
        return registry.GetCatalogAsync(name).GetAwaiter().GetResult();
    }
}
