using IntegrationHub.Testing;
using IntegrationHub.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Storage.Tests;

/// <summary>A migrated hub database of either provider, private to one test.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly string? _postgres;
    private readonly string? _file;

    private StoreFixture(HubDatabase database, string? postgres, string? file)
    {
        Database = database;
        _postgres = postgres;
        _file = file;
    }

    public HubDatabase Database { get; }

    public static string? Unavailable(StorageProvider provider) =>
        provider == StorageProvider.PostgreSql ? TestInfrastructure.PostgresUnavailable() : null;

    public static async Task<StoreFixture> CreateAsync(StorageProvider provider, bool migrate = true)
    {
        StoreFixture fixture;
        if (provider == StorageProvider.PostgreSql)
        {
            var connectionString = await TestInfrastructure.CreateDatabaseAsync();
            fixture = new StoreFixture(new HubDatabase(provider, connectionString), connectionString, null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"hub-store-{Guid.NewGuid():N}.sqlite");
            fixture = new StoreFixture(new HubDatabase(provider, $"Data Source={file}"), null, file);
        }

        if (migrate)
        {
            await new MigrationRunner(fixture.Database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        }

        return fixture;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await TestInfrastructure.DropDatabaseAsync(_postgres);
        }

        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_file + suffix);
            }
        }
    }
}
