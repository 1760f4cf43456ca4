using Dapper;
using IntegrationHub.Testing;

namespace IntegrationHub.Storage.Tests;

/// <summary>On PostgreSQL the hub's store keeps its frequent statements prepared, unless the connection string says not to.</summary>
public sealed class PreparedStatementTests
{
    private const string Probe = "SELECT 1 AS prepared_statement_probe";

    [SkippableTheory]
    [InlineData("", true)]
    [InlineData(";Max Auto Prepare=0", false)]
    [InlineData(";maxautoprepare=0", false)]
    public async Task A_statement_run_again_and_again_is_prepared_on_the_server_unless_turned_off(string setting, bool prepared)
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var connectionString = await TestInfrastructure.CreateDatabaseAsync();
        try
        {
            // Prepared statements belong to the server session: one connection throughout.
            var database = new HubDatabase(StorageProvider.PostgreSql, connectionString + setting);
            await using var connection = await database.OpenAsync();
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(1, await connection.ExecuteScalarAsync<int>(Probe));
            }

            var onServer = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%prepared_statement_probe%' AND statement NOT LIKE '%pg_prepared_statements%'");
            Assert.Equal(prepared ? 1 : 0, onServer);
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(connectionString);
        }
    }
}
