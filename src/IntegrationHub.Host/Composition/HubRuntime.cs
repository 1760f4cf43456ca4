using IntegrationHub.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Retention;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Host.WebConsole;

namespace IntegrationHub.Host;

/// <summary>
/// The hub runtime (<c>hub run</c>): HTTP API, plugins, stores and migrations, outbox, scheduler, connectors, and the
/// workers in process when <c>Hub:InProcessWorkers</c> (the embedded default). The embedded default needs no
/// configuration at all (in-memory bus, SQLite under <c>data/</c>); production swaps configuration, not code.
/// </summary>
public static class HubRuntime
{
    /// <summary>Where the hub listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, IEnumerable<IHubModule>? modules = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HubWebBuilder.Create(args, configure);
        var composed = AddHubRuntime(builder.Services, builder.Configuration, modules?.ToList() ?? []);
        var app = builder.Build();
        app.MapHubApi(composed);
        return app;
    }

    /// <summary>Everything but the HTTP pipeline; returns the modules composed in (workers left out unless in process).</summary>
    public static IReadOnlyList<IHubModule> AddHubRuntime(IServiceCollection services, IConfiguration configuration, IReadOnlyList<IHubModule> modules)
    {
        var hub = services.AddHubOptions(configuration);
        if (!hub.InProcessWorkers)
        {
            modules = modules.Where(m => m is not IHubWorkerModule).ToList();
        }

        // Hosted services start in this order: migrations first, the plugins only once the bus is up.
        var database = services.AddHubDatabase(configuration, hub);
        services.AddHubMessaging(configuration);
        services.AddHubOutbox(configuration);
        services.AddStoreRetention(configuration);
        services.AddPluginTimers();
        services.AddHubConnectors(configuration);
        services.Replace(ServiceDescriptor.Singleton<Connectors.ICallbackReplayGuard, Security.StoredCallbackReplayGuard>());
        foreach (var module in modules)
        {
            module.ConfigureServices(services, configuration);
        }

        services.AddHubScheduler(database);
        services.AddHubBus(hub, modules);
        services.AddWorkerHeartbeat(modules.OfType<IHubWorkerModule>());
        services.AddHubOverview(hub);
        services.AddHubPlugins();
        services.AddHubTelemetry();
        services.AddHubHealth()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PluginsHealthCheck>("plugins");
        services.AddHubApi();
        services.AddHubConsole(configuration);
        return modules;
    }
}
