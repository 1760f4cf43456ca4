using IntegrationHub.Host.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>
/// Everything a hub under test lives in and that outlasts a restart of it: a data folder, a plugins folder, and on
/// the production backend a RabbitMQ virtual host and a PostgreSQL database of its own.
/// </summary>
public sealed class HubEnvironment : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private HubEnvironment(Backend backend)
    {
        Backend = backend;
        DataDirectory = Directory.CreateTempSubdirectory("hub-data-").FullName;
    }

    public Backend Backend { get; }

    public string DataDirectory { get; }

    public PluginFolders Plugins { get; } = new();

    public string? VirtualHost { get; private set; }

    public string? PostgresConnectionString { get; private set; }

    /// <summary>The outside system the Recorder plugin's deliveries go to (connector <c>webhook</c>).</summary>
    public WebhookSink? Sink { get; private set; }

    public async Task<WebhookSink> StartSinkAsync() => Sink = await WebhookSink.StartAsync();

    /// <summary>Null when the backend's servers are reachable; else the reason to skip.</summary>
    public static string? Unavailable(Backend backend) =>
        backend == Backend.RabbitMqPostgres ? TestInfrastructure.RabbitMqUnavailable() ?? TestInfrastructure.PostgresUnavailable() : null;

    public static async Task<HubEnvironment> CreateAsync(Backend backend)
    {
        var environment = new HubEnvironment(backend);
        if (backend == Backend.RabbitMqPostgres)
        {
            environment.VirtualHost = await TestInfrastructure.CreateVirtualHostAsync();
            environment.PostgresConnectionString = await TestInfrastructure.CreateDatabaseAsync();
        }

        return environment;
    }

    /// <summary>The configuration a hub of this environment runs with (also handed to child processes as Hub__… variables).</summary>
    public Dictionary<string, string?> Configuration(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = DataDirectory,
            ["Hub:PluginsPath"] = Plugins.Root,
            ["Hub:Api:Keys:0:Name"] = "tests",
            ["Hub:Api:Keys:0:Sha256"] = ApiKeyAuthenticationHandler.Hash(ApiKey),
            ["Hub:Bus:RedeliveryDelays:0"] = "00:00:01",
            ["Hub:Bus:RedeliveryDelays:1"] = "00:00:02",
            ["Hub:Outbox:PollInterval"] = "00:00:00.200",
            ["Hub:Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["Hub:Outbox:MaxRetryDelay"] = "00:00:01",
        };
        if (Sink is not null)
        {
            settings["Connectors:webhook:Kind"] = "webhook";
            settings["Connectors:webhook:Url"] = Sink.Url + "/deliveries";
            settings["Connectors:webhook:Retries"] = "0";
        }

        if (Backend == Backend.RabbitMqPostgres)
        {
            var rabbit = new Uri(TestInfrastructure.RabbitMqUri);
            settings["Hub:Bus:Transport"] = "RabbitMq";
            settings["Hub:Bus:RabbitMq:Host"] = rabbit.Host;
            settings["Hub:Bus:RabbitMq:Port"] = rabbit.Port.ToString();
            settings["Hub:Bus:RabbitMq:VirtualHost"] = VirtualHost;
            settings["Hub:Storage:Provider"] = "PostgreSql";
            settings["Hub:Storage:ConnectionString"] = PostgresConnectionString;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts a hub in this process on a free loopback port.</summary>
    public async Task<TestHub> StartHubAsync(IDictionary<string, string?>? extra = null, IEnumerable<IHubModule>? modules = null, Action<IServiceCollection>? services = null)
    {
        var app = HubApplication.Build(["--urls=http://127.0.0.1:0"], modules, builder =>
        {
            builder.Configuration.AddInMemoryCollection(Configuration(extra));
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHub(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        if (Sink is not null)
        {
            await Sink.DisposeAsync();
        }

        Plugins.Dispose();
        if (VirtualHost is not null)
        {
            await TestInfrastructure.DeleteVirtualHostAsync(VirtualHost);
        }

        if (PostgresConnectionString is not null)
        {
            await TestInfrastructure.DropDatabaseAsync(PostgresConnectionString);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A running hub and HTTP clients for it (one with the API key, one without).</summary>
public sealed class TestHub(WebApplication app, Uri address) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public Uri Address { get; } = address;

    public HttpClient Client { get; } = new() { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", HubEnvironment.ApiKey } } };

    public HttpClient Anonymous { get; } = new() { BaseAddress = address };

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
