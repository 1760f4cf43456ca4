using Dapper;
using IntegrationHub.Testing;

namespace IntegrationHub.Storage.Tests;

/// <summary>
/// On PostgreSQL the hub's store keeps its frequent statements prepared, and hands a pooled connection out again
/// without Npgsql's session reset, unless the connection string says otherwise.
/// </summary>
public sealed class PoolDefaultsTests
{
    private const string Probe = "SELECT 1 AS prepared_statement_probe";

    [SkippableTheory]
    [InlineData("", true)]
    [InlineData(";Max Auto Prepare=0", false)]
    [InlineData(";maxautoprepare=0", false)]
    public async Task A_statement_run_again_and_again_is_prepared_on_the_server_unless_turned_off(string setting, bool prepared)
    {
        await OnNewDatabaseAsync(async connectionString =>
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
        });
    }

    [SkippableTheory]
    [InlineData("", false)]
    [InlineData(";No Reset On Close=false", true)]
    [InlineData(";noresetonclose=false", true)]
    public async Task A_pooled_connection_is_handed_out_again_without_a_session_reset_unless_asked_for(string setting, bool reset)
    {
        await OnNewDatabaseAsync(async connectionString =>
        {
            // A new data source's pool holds one connection after the first use: the second open gets the same one.
            var database = new HubDatabase(StorageProvider.PostgreSql, connectionString + setting);
            int firstSession;
            await using (var connection = await database.OpenAsync())
            {
                firstSession = await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
                await connection.ExecuteAsync("SET statement_timeout = 12345");
            }

            await using (var connection = await database.OpenAsync())
            {
                Assert.Equal(firstSession, await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
                Assert.Equal(reset ? "0" : "12345ms", await connection.ExecuteScalarAsync<string>("SHOW statement_timeout"));
            }
        });
    }

    private static async Task OnNewDatabaseAsync(Func<string, Task> test)
    {
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var connectionString = await TestInfrastructure.CreateDatabaseAsync();
        try
        {
            await test(connectionString);
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(connectionString);
        }
    }
}
