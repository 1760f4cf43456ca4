using System.Security.Cryptography;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.DataSources.Tests;

public sealed class SqliteDataSourceTests : IDisposable
{
    private readonly string _path = TestDatabases.CreateSqlite();

    public void Dispose() => File.Delete(_path);

    private DataSourceRegistry Registry(Action<DataSourceOptions>? configure = null)
    {
        var options = DataSourceOptions.FromConnectionString($"Data Source={_path}");
        configure?.Invoke(options);
        var registry = new DataSourceRegistry();
        registry.Register("db", options);
        return registry;
    }

    [Fact]
    public async Task Catalog_has_tables_columns_keys_descriptions_and_value_index()
    {
        var catalog = await Registry().GetCatalogAsync("db");
        Assert.Equal("sqlite", catalog.Dialect);
        Assert.Equal(["bill", "customer", "region", "secret"], catalog.Tables.Select(t => t.Name).ToArray());
        var region = catalog.Tables.Single(t => t.Name == "region");
        Assert.Equal("供电区域", region.Description);
        Assert.Equal(["region_id"], region.PrimaryKey);
        Assert.Equal(6, region.RowCount);
        var city = region.Columns.Single(c => c.Name == "city");
        Assert.Equal("地市，如 杭州", city.Description);
        Assert.Equal("TEXT", city.DataType);
        Assert.False(city.IsNullable);
        Assert.Equal(["宁波", "杭州", "温州"], city.Values);

        var customer = catalog.Tables.Single(t => t.Name == "customer");
        Assert.Equal("户号（10位）", customer.Columns.Single(c => c.Name == "customer_id").Description);
        Assert.Null(customer.Columns.Single(c => c.Name == "customer_id").Values);
        Assert.Null(customer.Columns.Single(c => c.Name == "name").Values);
        Assert.Equal(["一般工商业", "居民生活"], customer.Columns.Single(c => c.Name == "category").Values);
        Assert.True(customer.Columns.Single(c => c.Name == "note").IsNullable);
        var fk = Assert.Single(customer.ForeignKeys);
        Assert.Equal(("region_id", "region", "region_id"), (fk.Column, fk.ReferencedTable, fk.ReferencedColumn));
        Assert.Equal(["已结清", "逾期"], catalog.Tables.Single(t => t.Name == "bill").Columns.Single(c => c.Name == "status").Values);
    }

    [Fact]
    public async Task Allowed_tables_narrow_the_catalog_and_reads()
    {
        var registry = Registry(o => o.AllowedTables = ["region", "customer", "bill"]);
        var catalog = await registry.GetCatalogAsync("db");
        Assert.DoesNotContain(catalog.Tables, t => t.Name == "secret");
        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => registry.QueryAsync("db", "SELECT city FROM region UNION SELECT v FROM secret"));
        Assert.Contains("secret", e.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAnyAsync<Exception>(() => registry.QueryAsync("db", "SELECT sql FROM sqlite_master"));
    }

    [Fact]
    public async Task Query_caps_rows_and_binds_parameters()
    {
        var registry = Registry(o => o.RowLimit = 50);
        var all = await registry.QueryAsync("db", "SELECT customer_id, name FROM customer ORDER BY customer_id");
        Assert.Equal(50, all.Rows.Count);
        Assert.True(all.Truncated);
        Assert.Equal(["customer_id", "name"], all.Columns);

        var few = await registry.QueryAsync("db", "SELECT COUNT(*) AS n, SUM(b.amount_yuan) FROM bill b JOIN customer c ON c.customer_id = b.customer_id JOIN region r ON r.region_id = c.region_id WHERE r.city = @p0 AND b.status = @status",
            new Dictionary<string, object?> { ["p0"] = "温州", ["@status"] = "逾期" });
        Assert.False(few.Truncated);
        var row = Assert.Single(few.Rows);
        Assert.IsType<long>(row[0]);
        Assert.True((long)row[0]! > 0);

        var three = await registry.QueryAsync("db", "SELECT * FROM region", maxRows: 3);
        Assert.Equal(3, three.Rows.Count);
        Assert.True(three.Truncated);
    }

    [Theory]
    [InlineData("DELETE FROM bill")]
    [InlineData("DROP TABLE bill")]
    [InlineData("UPDATE customer SET phone = 'x'")]
    [InlineData("SELECT 1; DELETE FROM bill")]
    [InlineData("INSERT INTO secret VALUES ('a','b')")]
    [InlineData("PRAGMA query_only = 0")]
    [InlineData("ATTACH DATABASE '/tmp/x.sqlite' AS x")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM bill")]
    [InlineData("VACUUM")]
    public async Task Writes_are_refused_by_the_connection_and_the_file_is_unchanged(string sql)
    {
        var before = SHA256.HashData(await File.ReadAllBytesAsync(_path));
        await Assert.ThrowsAnyAsync<Exception>(() => Registry().QueryAsync("db", sql));

        // The SQL-safety check refuses these before they run; the connection refuses them on its own too.
        var options = DataSourceOptions.FromConnectionString($"Data Source={_path}");
        await Assert.ThrowsAnyAsync<Exception>(() => new SqliteDataSource().QueryAsync(options, sql, null, 10, CancellationToken.None));
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(_path)));
        var count = await Registry().QueryAsync("db", "SELECT COUNT(*) FROM bill");
        Assert.Equal(200L, count.Rows[0][0]);
    }

    [Theory]
    [InlineData("SELECT load_extension('/tmp/evil.so')")]
    [InlineData("SELECT * FROM pragma_table_info('bill')")]
    [InlineData("SELECT writefile('/tmp/x', 'y')")]
    [InlineData("SELECT sql FROM sqlite_schema")]
    [InlineData("SELECT 1 -- ; \n; DELETE FROM bill")]
    [InlineData("WITH d AS (DELETE FROM bill RETURNING 1) SELECT COUNT(*) FROM d")]
    public async Task Unsafe_statements_are_refused_before_they_run(string sql)
    {
        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Registry().QueryAsync("db", sql));
        Assert.StartsWith("Refused (sql.", e.Message);
    }

    [Fact]
    public async Task A_query_past_the_timeout_is_interrupted()
    {
        var registry = Registry(o => o.StatementTimeoutSeconds = 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => registry.QueryAsync("db",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Configuration_registers_sources_and_the_semantic_layer_interface()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataSources:marketing:Provider"] = "Sqlite",
            ["DataSources:marketing:ConnectionString"] = $"Data Source={_path}",
            ["DataSources:marketing:RowLimit"] = "10",
            ["DataSources:marketing:AllowedTables:0"] = "region",
        }).Build();
        await using var provider = new ServiceCollection().AddDataSources(configuration).BuildServiceProvider();
        var sources = provider.GetRequiredService<IDataSources>();
        var info = Assert.Single(sources.List());
        Assert.Equal(("marketing", "sqlite", 10), (info.Name, info.Dialect, info.RowLimit));
        Assert.Equal(["region"], (await sources.GetCatalogAsync("marketing")).Tables.Select(t => t.Name));
        Assert.Null(await provider.GetRequiredService<ISemanticLayerSource>().GetSemanticLayerAsync("marketing"));
        Assert.Same(sources, provider.GetRequiredService<DataSourceRegistry>());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => sources.GetCatalogAsync("nope"));
    }

    private sealed class CountingLoader : ISemanticLayerLoader
    {
        public int Loads { get; private set; }

        public IntegrationHub.Contracts.Workers.Reasoning.SemanticLayer Load(string path)
        {
            Loads++;
            return new([new("用电量", ["kwh"], "bill", "SUM(bill.amount_yuan)")], [], []);
        }
    }

    [Fact]
    public async Task The_configured_semantic_layer_is_read_once_by_the_registered_loader()
    {
        var file = Path.GetTempFileName();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataSources:marketing:ConnectionString"] = $"Data Source={_path}",
                ["DataSources:marketing:SemanticLayer"] = file,
                ["DataSources:plain:ConnectionString"] = $"Data Source={_path}",
            }).Build();
            var loader = new CountingLoader();
            await using var provider = new ServiceCollection().AddSingleton<ISemanticLayerLoader>(loader).AddDataSources(configuration).BuildServiceProvider();
            var layers = provider.GetRequiredService<ISemanticLayerSource>();
            Assert.Equal("用电量", (await layers.GetSemanticLayerAsync("marketing"))!.Metrics[0].Name);
            Assert.NotNull(await layers.GetSemanticLayerAsync("marketing"));
            Assert.Equal(1, loader.Loads);
            Assert.Null(await layers.GetSemanticLayerAsync("plain"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Data Source=a.sqlite", DataSourceProvider.Sqlite, "Data Source=a.sqlite")]
    [InlineData("a.sqlite", DataSourceProvider.Sqlite, "Data Source=a.sqlite")]
    [InlineData("Host=db;Username=u;Password=p;Database=d", DataSourceProvider.PostgreSql, "Host=db;Username=u;Password=p;Database=d")]
    [InlineData("postgres://u:p@db:5433/d", DataSourceProvider.PostgreSql, "Host=db;Port=5433;Username=u;Password=p;Database=d")]
    public void Ad_hoc_connection_strings_pick_the_provider(string cs, DataSourceProvider provider, string expected)
    {
        var options = DataSourceOptions.FromConnectionString(cs);
        Assert.Equal(provider, options.Provider);
        Assert.Equal(expected, options.ConnectionString);
    }
}
