using System.Diagnostics;
using Npgsql;
using RabbitMQ.Client;

namespace IntegrationHub.Testing;

/// <summary>
/// Where the real RabbitMQ and PostgreSQL are (<c>.ci/run</c> starts both), and throwaway isolation on them:
/// a virtual host or a database per test, so tests never see each other's queues or rows.
/// </summary>
public static class TestInfrastructure
{
    public static string RabbitMqUri => Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=hub;Password=hub;Database=hub_test";

    /// <summary>CI sets HUB_REQUIRE_INFRA=1: there a missing server fails the test instead of skipping it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("HUB_REQUIRE_INFRA") == "1";

    private static readonly Lazy<string?> RabbitProblem = new(() => Probe(async () =>
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
    }));

    private static readonly Lazy<string?> PostgresProblem = new(() => Probe(async () =>
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
    }));

    /// <summary>Null when RabbitMQ is reachable, else why not (and throws when it is required).</summary>
    public static string? RabbitMqUnavailable() => Check(RabbitProblem.Value, "RabbitMQ");

    public static string? PostgresUnavailable() => Check(PostgresProblem.Value, "PostgreSQL");

    /// <summary>Creates a virtual host for one test (rabbitmqctl, as CI and developers run the broker locally).</summary>
    public static async Task<string> CreateVirtualHostAsync()
    {
        var name = $"hub-test-{Guid.NewGuid():N}"[..20];
        await RunAsync("rabbitmqctl", $"add_vhost {name}");
        await RunAsync("rabbitmqctl", $"set_permissions -p {name} guest \".*\" \".*\" \".*\"");
        return name;
    }

    public static Task DeleteVirtualHostAsync(string name) => RunAsync("rabbitmqctl", $"delete_vhost {name}");

    /// <summary>
    /// Takes the broker away from the processes of one virtual host, and from them only (the broker is shared): no
    /// connection is allowed there, and those it has are closed. Queues and messages stay. Undone by <see cref="UnblockVirtualHostAsync"/>.
    /// </summary>
    public static async Task BlockVirtualHostAsync(string name)
    {
        await RunAsync("rabbitmqctl", $"set_vhost_limits -p {name} {{\\\"max-connections\\\":0}}");
        await CloseConnectionsAsync(name);
    }

    public static Task UnblockVirtualHostAsync(string name) => RunAsync("rabbitmqctl", $"clear_vhost_limits -p {name}");

    /// <summary>Closes every connection to one virtual host, as a broker restart does to its clients; they may reconnect at once.</summary>
    public static Task CloseConnectionsAsync(string name) => RunAsync("rabbitmqctl", $"close_all_connections --vhost {name} \"test: broker outage\"");

    /// <summary>Takes a test database away: new connections are refused and the open ones ended. Undone by <see cref="AllowConnectionsAsync"/>.</summary>
    public static async Task RefuseConnectionsAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var refuse = new NpgsqlCommand($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false", connection);
        await refuse.ExecuteNonQueryAsync();
        // Client sessions only: an autovacuum worker in the database runs as the superuser, which the test role may
        // not end (CI failed on exactly that), and it leaves by itself.
        await using var end = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            connection);
        end.Parameters.AddWithValue("name", name!);
        await end.ExecuteNonQueryAsync();
    }

    public static async Task AllowConnectionsAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var allow = new NpgsqlCommand($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true", connection);
        await allow.ExecuteNonQueryAsync();
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"hub_t_{Guid.NewGuid():N}"[..24];
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // FORCE may not end another role's session in the database (an autovacuum worker, say); it ends soon.
                await Task.Delay(500);
            }
        }
    }

    private static string? Check(string? problem, string what)
    {
        if (problem is not null && Required)
        {
            throw new InvalidOperationException($"{what} is required here (HUB_REQUIRE_INFRA=1) but unavailable: {problem}");
        }

        return problem is null ? null : $"{what} unavailable: {problem}";
    }

    private static string? Probe(Func<Task> connect)
    {
        try
        {
            // Wait(TimeSpan) reports a timeout by returning false, not by throwing.
            return connect().Wait(TimeSpan.FromSeconds(10)) ? null : "no answer within 10 s";
        }
        catch (Exception e)
        {
            return (e.InnerException ?? e).Message;
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {error}");
        }
    }
}
