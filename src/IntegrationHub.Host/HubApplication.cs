using IntegrationHub.Connectors;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Migrations;
using IntegrationHub.Storage;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz;

namespace IntegrationHub.Host;

/// <summary>
/// Composes the hub: configuration, storage, bus, scheduler, plugins, outbox, telemetry and the HTTP API.
/// The embedded default needs no configuration at all (in-memory bus, SQLite under <c>data/</c>);
/// production swaps configuration, not code.
/// </summary>
public static class HubApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, IEnumerable<IHubModule>? modules = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        var moduleList = modules?.ToList() ?? [];
        AddHub(builder.Services, builder.Configuration, moduleList);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHubHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        var api = app.MapGroup("/api");
        api.MapEventsEndpoints();
        api.MapPluginsEndpoints();
        api.MapErrorsEndpoints();
        app.MapConnectorCallbacks();
        foreach (var module in moduleList.OfType<IHubApiModule>())
        {
            module.MapEndpoints(app);
        }

        api.MapPluginEndpoints();
        return app;
    }

    /// <summary>Everything but the HTTP pipeline; also what a worker process composes (without plugins).</summary>
    public static IServiceCollection AddHub(IServiceCollection services, IConfiguration configuration, IReadOnlyList<IHubModule> modules)
    {
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        services.Configure<HubOptions>(configuration.GetSection(HubOptions.Section));
        if (!hub.InProcessWorkers)
        {
            modules = modules.Where(m => m is not IHubWorkerModule).ToList();
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = Path.GetFullPath(hub.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        services.AddHubStorage(storage, dataDirectory);
        services.AddHostedService<DatabaseMigrationService>();

        services.AddSingleton<ContractRegistry>();
        services.AddSingleton<ContractValidator>();
        services.AddSingleton<QueueAddresses>();
        services.AddSingleton<HubMetrics>();
        services.AddHubOutbox(configuration);
        services.AddSingleton<PluginManager>();
        services.AddPluginDispatch(configuration);
        services.AddPluginTimers();
        services.AddSingleton<ErrorStoreFilterInstaller>();
        services.AddSingleton<BusWorkerClient>();
        services.AddSingleton<ErrorReplayer>();
        services.AddHubConnectors(configuration);

        foreach (var module in modules)
        {
            module.ConfigureServices(services, configuration);
        }

        AddScheduler(services, storage, services.BuildServiceProvider().GetRequiredService<HubDatabase>().ConnectionString);
        AddBus(services, hub, modules);
        services.AddHostedService<PluginStartupService>();
        AddTelemetry(services);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<PluginsHealthCheck>("plugins");
        services.AddOpenApi();
        return services;
    }

    private static void AddBus(IServiceCollection services, HubOptions hub, IReadOnlyList<IHubModule> modules)
    {
        services.AddMassTransit(bus =>
        {
            foreach (var module in modules)
            {
                module.ConfigureBus(bus);
            }

            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && hub.Bus.RabbitMq.QuorumQueues)
                {
                    rabbit.SetQuorumQueue();
                }

                context.GetRequiredService<ErrorStoreFilterInstaller>().Install(endpoint);
            });

            if (hub.Bus.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = hub.Bus.RabbitMq;
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = true;
                    });
                    cfg.MessageTopology.SetEntityNameFormatter(new ContractEntityNameFormatter(context.GetRequiredService<ContractRegistry>(), cfg.MessageTopology.EntityNameFormatter));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.MessageTopology.SetEntityNameFormatter(new ContractEntityNameFormatter(context.GetRequiredService<ContractRegistry>(), cfg.MessageTopology.EntityNameFormatter));
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
    }

    private static void AddScheduler(IServiceCollection services, StorageOptions storage, string connectionString)
    {
        // Tests register a fake TimeProvider before the hub is added, to move the scheduler's clock.
        var time = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        services.TryAddSingleton(time);
        services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (storage.Provider == StorageProvider.PostgreSql)
                {
                    // Several hub instances share one PostgreSQL: clustering makes each trigger fire on one of them.
                    store.UseClustering();
                    store.UsePostgres(connectionString);
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
            });
        });
        services.AddOptions<QuartzSchedulerOptions>()
            .Configure<IOptions<HubOptions>>((quartz, hub) => quartz.IdleWaitTime = hub.Value.Scheduler.IdleWait);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    private static void AddTelemetry(IServiceCollection services)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("integration-hub"))
            .WithTracing(t => t
                .AddSource(HubMetrics.ActivitySourceName, "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(HubMetrics.MeterName, "MassTransit", "IntegrationHub.Reasoning", "IntegrationHub.Perception")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }
    }
}

/// <summary>A module that also adds HTTP endpoints of its own (connector callbacks, for example).</summary>
public interface IHubApiModule : IHubModule
{
    void MapEndpoints(IEndpointRouteBuilder app);
}

/// <summary>Applies the database migrations before anything else starts.</summary>
internal sealed class DatabaseMigrationService(MigrationRunner migrations) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrations.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Starts the plugins once the bus is up, and stops them (draining) before it goes down.</summary>
internal sealed class PluginStartupService(PluginManager plugins, Microsoft.Extensions.Options.IOptions<HubOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.LoadPlugins ? plugins.StartAllAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => plugins.StopAllAsync(cancellationToken);
}
