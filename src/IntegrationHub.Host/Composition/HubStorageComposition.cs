using IntegrationHub.Host.Configuration;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Migrations;

namespace IntegrationHub.Host;

public static class HubStorageComposition
{
    /// <summary>
    /// The hub database (<c>Hub:Storage</c>; SQLite under <c>Hub:DataDirectory</c> by default), its stores, and the
    /// migrations applied before anything else starts. Returns the database so later pieces (the scheduler's job
    /// store) use the same connection string without building a service provider.
    /// </summary>
    public static HubDatabase AddHubDatabase(this IServiceCollection services, IConfiguration configuration, HubOptions hub)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = Path.GetFullPath(hub.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var database = new HubDatabase(storage.Provider, storage.ConnectionStringFor(dataDirectory));
        services.AddHubStorage(database);
        services.AddHostedService<DatabaseMigrationService>();
        return database;
    }
}

/// <summary>Applies the database migrations before anything else starts.</summary>
internal sealed class DatabaseMigrationService(MigrationRunner migrations) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrations.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
