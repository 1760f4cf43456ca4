using System.Text.Json.Nodes;
using Dapper;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Connectors.Tests;

public sealed class DbTableConnectorTests
{
    private const string Ddl = """
        CREATE TABLE wo_interface (
            idempotency_key TEXT PRIMARY KEY,
            order_id        TEXT NOT NULL,
            title           TEXT,
            priority        INTEGER,
            status          TEXT NOT NULL DEFAULT 'NEW',
            erp_no          TEXT
        )
        """;

    private static Dictionary<string, string?> Settings(string provider, string connectionString) => new()
    {
        ["Connectors:erp:Kind"] = "db-table",
        ["Connectors:erp:Provider"] = provider,
        ["Connectors:erp:ConnectionString"] = connectionString,
        ["Connectors:erp:Table"] = "wo_interface",
        ["Connectors:erp:Columns:order_id"] = "$.orderId",
        ["Connectors:erp:Columns:title"] = "$.title",
        ["Connectors:erp:Columns:priority"] = "$.priority",
        ["Connectors:erp:StatusColumn"] = "status",
        ["Connectors:erp:CorrelationColumn"] = "order_id",
        ["Connectors:erp:ExternalIdColumn"] = "erp_no",
        ["Connectors:erp:InitialStatus"] = "NEW",
        ["Connectors:erp:PollInterval"] = "00:00:01",
        ["Connectors:erp:Retries"] = "1",
        ["Connectors:erp:RetryDelay"] = "00:00:00.010",
    };

    private static OutboxDelivery Row(string orderId) =>
        new("erp", "row.insert", new JsonObject { ["orderId"] = orderId, ["title"] = "更换避雷器", ["priority"] = 2 }, $"wo-create:{orderId}", orderId);

    [Fact]
    public async Task Sqlite_interface_table_gets_one_row_per_key_and_status_changes_are_polled_back()
    {
        var file = Path.Combine(Path.GetTempPath(), $"erp-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.ExecuteAsync(Ddl);
        }

        try
        {
            await RunScenario(Settings("Sqlite", connectionString), () => new SqliteConnection(connectionString));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task PostgreSql_interface_table_gets_one_row_per_key_and_status_changes_are_polled_back()
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var connectionString = await TestInfrastructure.CreateDatabaseAsync();
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.ExecuteAsync(Ddl);
            }

            await RunScenario(Settings("PostgreSql", connectionString), () => new NpgsqlConnection(connectionString));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Missing_table_is_a_permanent_failure_and_a_missing_database_server_is_transient()
    {
        var file = Path.Combine(Path.GetTempPath(), $"erp-{Guid.NewGuid():N}.db");
        try
        {
            var settings = Settings("Sqlite", $"Data Source={file};Pooling=False");
            var result = await Connectors.Registry(settings).Get("erp").DeliverAsync(Row("WO-9"), CancellationToken.None);
            Assert.True(result.Permanent);
            Assert.Contains("wo_interface", result.Error);

            var pg = Settings("PostgreSql", "Host=127.0.0.1;Port=9;Username=x;Password=y;Database=z;Timeout=2");
            var down = await Connectors.Registry(pg).Get("erp").DeliverAsync(Row("WO-9"), CancellationToken.None);
            Assert.False(down.Succeeded);
            Assert.False(down.Permanent);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task RunScenario(Dictionary<string, string?> settings, Func<System.Data.Common.DbConnection> open)
    {
        var registry = Connectors.Registry(settings);
        var erp = (DbTableConnector)registry.Get("erp");

        var first = await erp.DeliverAsync(Row("WO-1"), CancellationToken.None);
        var again = await erp.DeliverAsync(Row("WO-1"), CancellationToken.None);
        var other = await erp.DeliverAsync(Row("WO-2"), CancellationToken.None);

        Assert.True(first.Succeeded && again.Succeeded && other.Succeeded, first.Error ?? again.Error ?? other.Error);
        Assert.Equal("inserted", first.Response);
        Assert.StartsWith("duplicate", again.Response);
        await using var connection = open();
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wo_interface"));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT priority FROM wo_interface WHERE order_id = 'WO-1'"));

        Assert.Empty(await erp.PollChangesAsync(CancellationToken.None)); // still NEW

        await connection.ExecuteAsync("UPDATE wo_interface SET status = 'ACCEPTED', erp_no = 'ERP-5001' WHERE order_id = 'WO-1'");
        var changes = await erp.PollChangesAsync(CancellationToken.None);
        // The target's own code, generic: what it means is the owning plugin's to say (PowerWorkOrders' ConnectorEventMapperTests).
        var change = Assert.Single(changes);
        Assert.Equal(("erp", "wo_interface", "wo-create:WO-1"), (change.Connector, change.Table, change.Key));
        Assert.Equal("WO-1", change.CorrelationKey);
        Assert.Equal("ERP-5001", change.ExternalId);
        Assert.Equal("ACCEPTED", change.Status);
        Assert.Equal("NEW", change.PreviousStatus);

        Assert.Empty(await erp.PollChangesAsync(CancellationToken.None)); // reported once
        await connection.ExecuteAsync("UPDATE wo_interface SET status = 'DONE' WHERE order_id = 'WO-1'");
        var done = Assert.Single(await erp.PollChangesAsync(CancellationToken.None));
        Assert.Equal(("DONE", "ACCEPTED"), (done.Status, done.PreviousStatus));
    }
}
