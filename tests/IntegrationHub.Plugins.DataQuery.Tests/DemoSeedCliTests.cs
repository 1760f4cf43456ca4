using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary><c>hub demo seed</c> writes the demo database to a SQLite file or into a PostgreSQL schema, once.</summary>
public sealed class DemoSeedCliTests
{
    [CliFact]
    public async Task Seeds_a_sqlite_file_once_and_refuses_a_database_it_cannot_reach()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demo-seed-{Guid.NewGuid():N}.sqlite");
        try
        {
            var (exit, output) = await HubAsync("demo", "seed", "--db", path);
            Assert.True(exit == 0, output);
            Assert.Equal(6000L, await CountAsync(new SqliteConnection($"Data Source={path};Pooling=False")));

            (exit, output) = await HubAsync("demo", "seed", "--db", path);
            Assert.Equal(0, exit);
            Assert.Contains("already exists", output);

            // A PostgreSQL nobody listens on: a clear error and exit 1, not a stack trace.
            (exit, output) = await HubAsync("demo", "seed", "--db", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2");
            Assert.Equal(1, exit);
            Assert.Contains("Cannot seed", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [CliFact]
    public async Task A_database_that_fails_is_named_without_its_password()
    {
        const string password = "Xs3cretPw";
        var db = $"Host=127.0.0.1;Port=1;Username=hub;Password={password};Database=z;Timeout=2";

        var (exit, output) = await HubAsync("demo", "seed", "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("Cannot seed Host=127.0.0.1;Port=1;Username=hub;Password=***", output);
        Assert.DoesNotContain(password, output);

        (exit, output) = await HubAsync("ask", "各地市的客户数", "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("Password=***", output);
        Assert.DoesNotContain(password, output);
    }

    [SkippableFact]
    public async Task Seeds_a_postgres_schema()
    {
        Skip.If(DevSetEvalTests.HubDll() is null, "the hub CLI is not built (dotnet build src/IntegrationHub.Cli)");
        var unavailable = TestInfrastructure.PostgresUnavailable();
        Skip.If(unavailable is not null, unavailable);
        var schema = $"seed_{Guid.NewGuid():N}"[..16];
        try
        {
            var (exit, output) = await HubAsync("demo", "seed", "--db", TestInfrastructure.PostgresConnectionString, "--schema", schema, "--native-dates");
            Assert.True(exit == 0, output);
            var builder = new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresConnectionString) { SearchPath = schema };
            Assert.Equal(6000L, await CountAsync(new NpgsqlConnection(builder.ToString())));
        }
        finally
        {
            await using var connection = new NpgsqlConnection(TestInfrastructure.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> CountAsync(System.Data.Common.DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM customer";
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
    }

    private static async Task<(int Exit, string Output)> HubAsync(params string[] args)
    {
        var result = await ExternalProcess.HubAsync(args, TimeSpan.FromMinutes(3));
        return (result.ExitCode, result.Output);
    }
}
