using IntegrationHub.Host.Monitoring;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host;

/// <summary>
/// The worker host (<c>hub worker NAME</c>): the bus, telemetry, <c>/health</c> and <c>/metrics</c>, and the named
/// workers' consumers. No database, no migrations, no outbox, no scheduler, no connectors, no plugins: a worker
/// needs only the broker's address (<c>Hub:Bus:*</c>), and any number of them compete for the same queue.
/// </summary>
public static class WorkerHost
{
    public static WebApplication Build(string[] args, IReadOnlyList<IHubWorkerModule> workers, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HubWebBuilder.Create(args, configure);
        AddWorkerHost(builder.Services, builder.Configuration, workers);
        builder.Services.AddHubTelemetry();
        builder.Services.AddHubHealth();
        var app = builder.Build();
        app.MapHubHealthAndMetrics();
        return app;
    }

    /// <summary>
    /// The same bus without HTTP, started, for the CLI paths that talk to workers as a plugin does (through
    /// <see cref="Contracts.Plugins.IWorkerClient"/>): with <paramref name="workers"/> in this process, or none to
    /// reach workers running elsewhere. The caller stops and disposes it.
    /// </summary>
    public static async Task<IHost> StartBusAsync(IConfiguration configuration, IReadOnlyList<IHubWorkerModule> workers, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        AddWorkerHost(builder.Services, builder.Configuration, workers);
        builder.Services.AddSecretRedaction();
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static void AddWorkerHost(IServiceCollection services, IConfiguration configuration, IReadOnlyList<IHubWorkerModule> workers)
    {
        var hub = services.AddHubOptions(configuration);
        foreach (var worker in workers)
        {
            worker.ConfigureServices(services, configuration);
        }

        services.AddHubBus(hub, workers);
        services.AddWorkerHeartbeat(workers);
    }
}
