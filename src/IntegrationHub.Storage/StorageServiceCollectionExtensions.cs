using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Inbox;
using IntegrationHub.Storage.Ingest;
using IntegrationHub.Storage.Keys;
using IntegrationHub.Storage.Migrations;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The hub database and its repositories. <paramref name="dataDirectory"/> holds the default SQLite file.</summary>
    public static IServiceCollection AddHubStorage(this IServiceCollection services, StorageOptions options, string dataDirectory) =>
        services.AddHubStorage(new HubDatabase(options.Provider, options.ConnectionStringFor(dataDirectory)));

    /// <summary>The hub database given, and its repositories.</summary>
    public static IServiceCollection AddHubStorage(this IServiceCollection services, HubDatabase database)
    {
        services.AddSingleton(database);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<IngestKeyStore>();
        services.AddSingleton<DeliveryOutboxStore>();
        services.AddSingleton<PublishOutboxStore>();
        services.AddSingleton<TimerChangeStore>();
        services.AddSingleton<ErrorStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<DataProtectionKeyStore>();
        return services;
    }
}
