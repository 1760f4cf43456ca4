using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.DataSources;
using IntegrationHub.Testing;
using Npgsql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>The pipeline over real PostgreSQL: a schema of its own (not the demo's), row filters and refusals in that dialect.</summary>
public sealed class PostgresPipelineTests : IAsyncLifetime
{
    private static string ConnectionString => TestInfrastructure.PostgresConnectionString;

    /// <summary>Why PostgreSQL cannot be used (the test skips), or null; throws under HUB_REQUIRE_INFRA=1 so CI fails instead.</summary>
    private readonly string? _unavailable = TestInfrastructure.PostgresUnavailable();

    private static readonly DateOnly AsOf = new(2025, 6, 18);
    private readonly string _schema = $"dq_{Guid.NewGuid():N}"[..16];
    private DataSourceRegistry _sources = null!;

    public async Task InitializeAsync()
    {
        if (_unavailable is not null) return;
        await Execute($"""
            CREATE SCHEMA {_schema};
            SET search_path TO {_schema};
            CREATE TABLE region (region_id integer PRIMARY KEY, city text NOT NULL);
            COMMENT ON TABLE region IS '供电区域';
            COMMENT ON COLUMN region.city IS '地市';
            CREATE TABLE customer (customer_id text PRIMARY KEY, name text NOT NULL, region_id integer NOT NULL REFERENCES region(region_id), phone text NOT NULL);
            COMMENT ON TABLE customer IS '客户';
            COMMENT ON COLUMN customer.customer_id IS '户号';
            COMMENT ON COLUMN customer.name IS '户名';
            COMMENT ON COLUMN customer.phone IS '联系电话';
            CREATE TABLE bill (bill_id integer PRIMARY KEY, customer_id text NOT NULL REFERENCES customer(customer_id), month text NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL);
            COMMENT ON TABLE bill IS '电费账单';
            COMMENT ON COLUMN bill.amount IS '应收电费（元）';
            COMMENT ON COLUMN bill.status IS '已结清/逾期';
            INSERT INTO region VALUES (1, '杭州'), (2, '宁波'), (3, '温州');
            INSERT INTO customer SELECT lpad(i::text, 10, '0'), '客户' || i, i % 3 + 1, '138****' || lpad(i::text, 4, '0') FROM generate_series(1, 90) i;
            INSERT INTO bill SELECT i, lpad((i % 90 + 1)::text, 10, '0'), '2025-05', i * 1.25, CASE WHEN i % 7 = 0 THEN '逾期' ELSE '已结清' END FROM generate_series(1, 300) i;
            """);
        _sources = new DataSourceRegistry();
        var options = DataSourceOptions.FromConnectionString(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = _schema }.ToString());
        options.AllowedSchemas = [_schema];
        _sources.Register("pg", options);
    }

    public async Task DisposeAsync()
    {
        if (_unavailable is null) await Execute($"DROP SCHEMA {_schema} CASCADE");
    }

    private static async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private (AskPipeline, FakeWorkers) Pipeline()
    {
        var workers = new FakeWorkers();
        var options = new DataQueryOptions
        {
            DefaultSource = "pg",
            Access = new AccessOptions
            {
                Roles = { ["wenzhou"] = new RoleOptions { RowFilters = { ["region"] = "city = '温州'" }, DeniedColumns = ["phone"] } },
                Users = { ["wz"] = ["wenzhou"] },
            },
        };
        return (new AskPipeline(_sources, workers, new MemoryStore(), options), workers);
    }

    [SkippableFact]
    public async Task Row_filters_are_rewritten_into_postgresql()
    {
        Skip.If(_unavailable is not null, _unavailable);
        var (pipeline, workers) = Pipeline();
        workers.Model = _ => FakeWorkers.Llm("SELECT r.city, COUNT(*) AS n, SUM(b.amount) AS owed FROM bill b JOIN customer c ON c.customer_id = b.customer_id JOIN region r ON r.region_id = c.region_id WHERE b.status = '逾期' GROUP BY r.city ORDER BY n DESC");
        var all = await pipeline.AskAsync(new AskQuestionRequest("q", AsOf: AsOf, User: "admin"), "test");
        Assert.Null(all.Error);
        Assert.Equal(3, all.Rows.Count);
        var wz = await pipeline.AskAsync(new AskQuestionRequest("q", AsOf: AsOf, User: "wz"), "test");
        Assert.Null(wz.Error);
        var row = Assert.Single(wz.Rows);
        Assert.Equal("温州", row[0]);
        Assert.Equal(all.Rows.Single(r => (string)r[0]! == "温州")[2], row[2]);
    }

    [SkippableTheory]
    [InlineData("SELECT pg_sleep(10)", "sql.function-not-allowed")]
    [InlineData("SELECT usename FROM pg_catalog.pg_user", "sql.table-not-allowed")]
    [InlineData("SELECT name, phone FROM customer", "permission.column")]
    [InlineData("COPY bill TO '/tmp/x'", "sql.not-a-query")]
    [InlineData("SELECT 1; DROP TABLE bill", "sql.not-a-query")]
    [InlineData("SELECT set_config('default_transaction_read_only', 'off', false)", "sql.function-not-allowed")]
    public async Task Hostile_sql_is_refused_in_postgresql(string sql, string code)
    {
        Skip.If(_unavailable is not null, _unavailable);
        var (pipeline, workers) = Pipeline();
        workers.Model = _ => FakeWorkers.Llm(sql);
        var reply = await pipeline.AskAsync(new AskQuestionRequest("q", AsOf: AsOf, User: "wz"), "test");
        Assert.Equal(code, reply.Error?.Code);
        var count = await _sources.QueryAsync("pg", "SELECT COUNT(*) FROM bill");
        Assert.Equal(300L, count.Rows[0][0]);
    }

    [SkippableFact]
    public async Task The_offline_engine_answers_on_a_schema_without_a_semantic_layer()
    {
        Skip.If(_unavailable is not null, _unavailable);
        var (pipeline, _) = Pipeline();
        var reply = await pipeline.AskAsync(new AskQuestionRequest("各地市的客户数", AsOf: AsOf, User: "admin"), "test");
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.Equal(3, reply.Rows.Count);
        Assert.All(reply.Rows, r => Assert.Equal(30L, Convert.ToInt64(r[^1], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
