using IntegrationHub.Testing;
using Npgsql;

namespace IntegrationHub.DataSources.Tests;

/// <summary>Against the real PostgreSQL of <c>HUB_TEST_POSTGRES</c>, in a schema of its own that is dropped afterwards.</summary>
public sealed class PostgresDataSourceTests : IAsyncLifetime
{
    private readonly string _schema = $"ds_test_{Guid.NewGuid():N}"[..20];

    public async Task InitializeAsync()
    {
        if (TestInfrastructure.PostgresUnavailable() is not null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(TestInfrastructure.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            CREATE SCHEMA {_schema};
            SET search_path TO {_schema};
            CREATE TABLE region (region_id integer PRIMARY KEY, city text NOT NULL, district varchar(20) NOT NULL);
            COMMENT ON TABLE region IS '供电区域';
            COMMENT ON COLUMN region.city IS '地市';
            CREATE TABLE customer (customer_id text PRIMARY KEY, name text NOT NULL, region_id integer NOT NULL REFERENCES region(region_id),
                                   capacity numeric(10,2), opened_on date, phone text);
            COMMENT ON COLUMN customer.customer_id IS '户号';
            CREATE TABLE secret (k text, v text);
            INSERT INTO region SELECT i, (ARRAY['杭州','宁波','温州'])[i % 3 + 1], '区' || i FROM generate_series(1, 6) i;
            INSERT INTO customer SELECT lpad(i::text, 10, '0'), '客户' || i, i % 6 + 1, i * 1.5, DATE '2024-01-01' + i, '138****' || i FROM generate_series(1, 300) i;
            INSERT INTO secret VALUES ('key', 'hunter2');
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (TestInfrastructure.PostgresUnavailable() is not null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(TestInfrastructure.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private DataSourceRegistry Registry(Action<DataSourceOptions>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresConnectionString) { SearchPath = _schema };
        var options = DataSourceOptions.FromConnectionString(builder.ToString());
        options.AllowedSchemas = [_schema];
        configure?.Invoke(options);
        var registry = new DataSourceRegistry();
        registry.Register("pg", options);
        return registry;
    }

    [SkippableFact]
    public async Task Catalog_reads_comment_on_keys_and_values()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var catalog = await Registry().GetCatalogAsync("pg");
        Assert.Equal("postgresql", catalog.Dialect);
        Assert.Equal(["customer", "region", "secret"], catalog.Tables.Select(t => t.Name).Order().ToArray());
        var region = catalog.Tables.Single(t => t.Name == "region");
        Assert.Equal(_schema, region.Schema);
        Assert.Equal("供电区域", region.Description);
        Assert.Equal(["region_id"], region.PrimaryKey);
        Assert.Equal(6, region.RowCount);
        Assert.Equal("地市", region.Columns.Single(c => c.Name == "city").Description);
        Assert.Equal(["宁波", "杭州", "温州"], region.Columns.Single(c => c.Name == "city").Values!.Order(StringComparer.Ordinal));
        Assert.Equal("character varying(20)", region.Columns.Single(c => c.Name == "district").DataType);
        var customer = catalog.Tables.Single(t => t.Name == "customer");
        Assert.Equal("户号", customer.Columns.Single(c => c.Name == "customer_id").Description);
        Assert.Null(customer.Columns.Single(c => c.Name == "name").Values);
        var fk = Assert.Single(customer.ForeignKeys);
        Assert.Equal(("region_id", "region", "region_id"), (fk.Column, fk.ReferencedTable, fk.ReferencedColumn));
    }

    [SkippableFact]
    public async Task Without_allowed_schemas_the_search_path_is_catalogued()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var catalog = await Registry(o => o.AllowedSchemas = []).GetCatalogAsync("pg");
        Assert.Equal(["customer", "region", "secret"], catalog.Tables.Select(t => t.Name).Order().ToArray());
    }

    [SkippableFact]
    public async Task Allowed_tables_narrow_the_catalog()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var catalog = await Registry(o => o.AllowedTables = ["region", "customer"]).GetCatalogAsync("pg");
        Assert.DoesNotContain(catalog.Tables, t => t.Name == "secret");
    }

    [SkippableFact]
    public async Task Query_caps_rows_binds_parameters_and_converts_values()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var registry = Registry(o => o.RowLimit = 100);
        var all = await registry.QueryAsync("pg", "SELECT customer_id, capacity, opened_on FROM customer ORDER BY customer_id");
        Assert.Equal(100, all.Rows.Count);
        Assert.True(all.Truncated);
        Assert.Equal("2024-01-02", all.Rows[0][2]);
        Assert.Equal(1.5m, all.Rows[0][1]);
        var count = await registry.QueryAsync("pg", "SELECT COUNT(*) FROM customer c JOIN region r ON r.region_id = c.region_id WHERE r.city = @p0",
            new Dictionary<string, object?> { ["p0"] = "温州" });
        Assert.Equal(100L, count.Rows[0][0]);
    }

    [SkippableFact]
    public async Task Writes_are_refused_by_the_session()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var registry = Registry();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => registry.QueryAsync("pg", "DELETE FROM customer"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => registry.QueryAsync("pg", "WITH d AS (DELETE FROM customer RETURNING 1) SELECT COUNT(*) FROM d"));
        await Assert.ThrowsAnyAsync<Exception>(() => registry.QueryAsync("pg", "COMMIT; DELETE FROM customer"));

        // The SQL-safety check refuses these before they run; the read-only session refuses them on its own too.
        var builder = new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresConnectionString) { SearchPath = _schema };
        var options = DataSourceOptions.FromConnectionString(builder.ToString());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => new PostgresDataSource().QueryAsync(options, "DELETE FROM customer", null, 10, CancellationToken.None));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => new PostgresDataSource().QueryAsync(
            options, "WITH d AS (DELETE FROM customer RETURNING 1) SELECT COUNT(*) FROM d", null, 10, CancellationToken.None));
        var count = await registry.QueryAsync("pg", "SELECT COUNT(*) FROM customer");
        Assert.Equal(300L, count.Rows[0][0]);
    }

    [SkippableFact]
    public async Task A_query_past_the_timeout_is_cancelled()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var registry = Registry(o => o.StatementTimeoutSeconds = 1);
        await Assert.ThrowsAsync<TimeoutException>(() => registry.QueryAsync("pg",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"));
    }

    [SkippableTheory]
    [InlineData("SELECT pg_sleep(5)")]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    [InlineData("SELECT set_config('default_transaction_read_only', 'off', false)")]
    [InlineData("SELECT * FROM pg_catalog.pg_authid")]
    [InlineData("SELECT usename FROM pg_user")]
    [InlineData("SELECT 1 /* ; */; DROP TABLE customer")]
    public async Task Unsafe_statements_are_refused_before_they_run(string sql)
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Registry().QueryAsync("pg", sql));
        Assert.StartsWith("Refused (sql.", e.Message);
        Assert.Equal(300L, (await Registry().QueryAsync("pg", "SELECT COUNT(*) FROM customer")).Rows[0][0]);
    }
}
