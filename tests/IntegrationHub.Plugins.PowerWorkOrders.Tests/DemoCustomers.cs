using IntegrationHub.DataSources;
using IntegrationHub.DemoData;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>The demo power-marketing database (built once per test run by the product's generator) as the hub's <c>power-marketing</c> data source.</summary>
public static class DemoCustomers
{
    private static readonly Lazy<string> File = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pwo-demo-{Environment.ProcessId}.sqlite");
        PowerMarketingDatabase.EnsureCreated(path);
        return path;
    });

    public static string DatabasePath => File.Value;

    public static DataSourceRegistry Sources()
    {
        var registry = new DataSourceRegistry();
        registry.Register("power-marketing", DataSourceOptions.FromConnectionString($"Data Source={File.Value}"));
        return registry;
    }

    /// <summary>Rows of a query straight against the database, for what the tests expect.</summary>
    public static async Task<List<object?[]>> RowsAsync(string sql)
    {
        var result = await Sources().QueryAsync("power-marketing", sql);
        return result.Rows.Select(r => r.ToArray()).ToList();
    }
}
