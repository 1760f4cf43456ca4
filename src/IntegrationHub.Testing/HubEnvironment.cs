using System.Collections.Concurrent;
using IntegrationHub.Host;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Testing;

/// <summary>
/// Everything a hub under test lives in and that outlasts a restart of it: a data folder, a plugins folder, the
/// outside systems it talks to, settings for them, and on the production backend a RabbitMQ virtual host and a
/// PostgreSQL database of its own. <see cref="StartHubAsync"/> starts the real hub in the test process on it.
/// </summary>
public sealed class HubEnvironment : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    /// <summary>The principal <see cref="ApiKey"/> authenticates as: an admin, so tests not about authorization may do anything.</summary>
    public const string Principal = "tests";

    // PBKDF2 is slow on purpose; one hash per key for the whole test run is enough.
    private static readonly ConcurrentDictionary<string, string> Hashes = new();

    private readonly List<WebhookSink> _sinks = [];
    private readonly List<(string Name, string Key)> _keys = [(Principal, ApiKey)];

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

    /// <summary>Settings every hub of this environment gets (connectors to its outside systems, say); a start's own extras win.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

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

    /// <summary>
    /// A principal with its own key, roles and scopes for every hub of this environment (call before starting one);
    /// <see cref="TestHub.ClientFor"/> calls as it.
    /// </summary>
    public void AddPrincipal(string name, string key, IEnumerable<string> roles, IEnumerable<string>? scopes = null)
    {
        _keys.Add((name, key));
        foreach (var (role, i) in roles.Select((r, i) => (r, i)))
        {
            Settings[$"Hub:Api:Principals:{name}:Roles:{i}"] = role;
        }

        foreach (var (scope, i) in (scopes ?? []).Select((s, i) => (s, i)))
        {
            Settings[$"Hub:Api:Principals:{name}:Scopes:{i}"] = scope;
        }
    }

    /// <summary>Starts an outside system that lives as long as this environment.</summary>
    public async Task<WebhookSink> StartSinkAsync(Func<WebhookSink.Received, Task<IResult>>? respond = null)
    {
        var sink = await WebhookSink.StartAsync(respond);
        _sinks.Add(sink);
        return sink;
    }

    /// <summary>The configuration a hub of this environment runs with (also handed to child processes as Hub__… variables).</summary>
    public Dictionary<string, string?> Configuration(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = DataDirectory,
            ["Hub:PluginsPath"] = Plugins.Root,
            [$"Hub:Api:Principals:{Principal}:Roles:0"] = "admin",
            ["Hub:Bus:RedeliveryDelays:0"] = "00:00:01",
            ["Hub:Bus:RedeliveryDelays:1"] = "00:00:02",
            ["Hub:Outbox:PollInterval"] = "00:00:00.200",
            ["Hub:Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["Hub:Outbox:MaxRetryDelay"] = "00:00:01",
        };
        for (var i = 0; i < _keys.Count; i++)
        {
            settings[$"Hub:Api:Keys:{i}:Name"] = _keys[i].Name;
            settings[$"Hub:Api:Keys:{i}:Hash"] = Hashes.GetOrAdd(_keys[i].Key, key => ApiKeyHash.Create(key, 10_000));
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

        foreach (var (key, value) in Settings.Concat(extra ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts a hub in this process on a free loopback port.</summary>
    public async Task<TestHub> StartHubAsync(IDictionary<string, string?>? extra = null, IEnumerable<IHubModule>? modules = null, Action<IServiceCollection>? services = null)
    {
        var app = HubRuntime.Build(["--urls=http://127.0.0.1:0"], modules, builder =>
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
        foreach (var sink in _sinks)
        {
            await sink.DisposeAsync();
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
