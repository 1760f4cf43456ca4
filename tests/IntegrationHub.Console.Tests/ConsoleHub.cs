using System.Net.Http.Json;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Testing;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// One hub for the console test classes, on RabbitMQ and PostgreSQL, as <c>hub run</c> composes it (reasoning and perception
/// workers, data sources with the demo database) with the DataQuery, PowerWorkOrders, TunnelInspection and Recorder
/// plugins, a viewer and an operator, and one headless Debian Chromium driven by Playwright.
/// </summary>
public sealed class ConsoleHub : IAsyncLifetime
{
    public const string ViewerKey = "viewer-key-7f3a";
    public const string OperatorKey = "operator-key-91c2";
    public const string Chromium = "/usr/bin/chromium";
    public const string CallbackSecret = "console-callback-secret";

    private readonly List<TestHub> _replicas = [];
    private readonly SemaphoreSlim _replicaStart = new(1, 1);
    private (TestHub Replica, TestOidcProvider Provider)? _oidcReplica;
    private HubEnvironment? _environment;
    private IPlaywright? _playwright;

    /// <summary>Why the tests cannot run here (RabbitMQ/PostgreSQL or Chromium missing), or null.</summary>
    public string? Unavailable { get; private set; }

    public TestHub Hub { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public WebhookSink Target { get; private set; } = null!;

    public string DataDirectory => _environment!.DataDirectory;

    public static string Screenshots { get; } = Path.Combine(PluginFolders.RepositoryRoot(), "tests", "IntegrationHub.Console.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Unavailable = HubEnvironment.Unavailable(Backend.RabbitMqPostgres) ?? (File.Exists(Chromium) ? null : $"{Chromium} is not installed (apt-get install chromium)");
        if (Unavailable is not null)
        {
            if (TestInfrastructure.Required)
            {
                throw new InvalidOperationException(Unavailable);
            }

            return;
        }

        _environment = await HubEnvironment.CreateAsync(Backend.RabbitMqPostgres);
        _environment.Plugins.Add("IntegrationHub.TestPlugins.Recorder");
        _environment.Plugins.Add("IntegrationHub.Plugins.DataQuery");
        _environment.Plugins.Add("IntegrationHub.Plugins.PowerWorkOrders");
        _environment.Plugins.Add("IntegrationHub.Plugins.TunnelInspection");
        _environment.AddPrincipal("viewer", ViewerKey, ["viewer"]);
        _environment.AddPrincipal("operator", OperatorKey, ["operator", "analyst", "dispatcher"]);
        Target = await _environment.StartSinkAsync();
        foreach (var connector in new[] { "webhook", "eam", "oa", "sms", "maintenance" })
        {
            _environment.Settings[$"Connectors:{connector}:Kind"] = "webhook";
            _environment.Settings[$"Connectors:{connector}:Url"] = $"{Target.Url}/{connector}";
            _environment.Settings[$"Connectors:{connector}:Retries"] = "0";
        }

        // Voice campaigns call at once (a window of the whole day, UTC) and take signed call results back.
        const string FeeReminder = "Plugins:PowerWorkOrders:Campaigns:Kinds:fee-reminder:";
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Connectors:voicebot:Kind"] = "voicebot", ["Connectors:voicebot:BaseUrl"] = $"{Target.Url}/voice/", ["Connectors:voicebot:Retries"] = "0",
                     ["Connectors:voicebot:Callbacks:Secret"] = CallbackSecret, ["Connectors:voicebot:Callbacks:Operations:0"] = "call-result",
                     [FeeReminder + "UtcOffset"] = "00:00:00", [FeeReminder + "WindowStart"] = "00:00:00", [FeeReminder + "WindowEnd"] = "23:59:59",
                     [FeeReminder + "DoNotDisturb:0"] = "00:00-00:00",
                     // The perception worker classifies tunnel photographs with the shipped crack model, loaded as the hub
                     // starts: loaded by the first photo instead, on a busy machine, it outlasted the request's timeout.
                     ["Perception:ModelsPath"] = Path.Combine(PluginFolders.RepositoryRoot(), "models"),
                     ["Perception:CachePath"] = Path.Combine(PluginFolders.RepositoryRoot(), "models", "cache"),
                     ["Perception:Preload:0"] = "concrete-crack",
                 })
        {
            _environment.Settings[key] = value;
        }

        Hub = await _environment.StartHubAsync(
            new Dictionary<string, string?>
            {
                // A failing message reaches the error store after three attempts, in about three seconds.
                ["Hub:Bus:ImmediateRetries"] = "0",
                ["Hub:Console:LiveInterval"] = "00:00:00.500",
                // A declared job for the plugins page's schedules (nightly: it never fires during the tests).
                ["Plugins:Recorder:CronJob"] = "0 0 3 * * ?",
            },
            [new ReasoningModule(), new PerceptionModule(), new DataSourcesModule()]);
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>Posts a defect the Recorder plugin fails on every attempt (its description is <c>fail:1000</c>).</summary>
    public static async Task PostFailingDefectAsync(HttpClient client, string id)
    {
        var response = await client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", Defect(id, "fail:1000"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    public static EquipmentDefectReported Defect(string id, string description) =>
        new(id, "T-110-01", "oil-leak", "major", description, "scada-alarm", DateTimeOffset.UtcNow, "1# main transformer", "Xiaoshan 110 kV");

    /// <summary>
    /// Another hub on this one's database and bus, as a second replica behind a load balancer would be (no plugins,
    /// no modules: the console and the API are what it is asked for); stopped before the shared store goes.
    /// </summary>
    public async Task<TestHub> StartReplicaAsync(IDictionary<string, string?>? settings = null)
    {
        var plugins = Directory.CreateDirectory(Path.Combine(DataDirectory, $"replica-plugins-{_replicas.Count}")).FullName;
        var replica = await _environment!.StartHubAsync(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Hub:PluginsPath"] = plugins });
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>
    /// A replica (started once, on first use) that also offers OpenID Connect sign-in against a
    /// <see cref="TestOidcProvider"/> whose <c>hub-operators</c> role maps to the hub's <c>operator</c>.
    /// </summary>
    public async Task<(TestHub Replica, TestOidcProvider Provider)> OidcReplicaAsync()
    {
        await _replicaStart.WaitAsync();
        try
        {
            if (_oidcReplica is null)
            {
                var provider = await TestOidcProvider.StartAsync();
                var replica = await StartReplicaAsync(new Dictionary<string, string?>
                {
                    ["Hub:Console:Oidc:Authority"] = provider.Authority,
                    ["Hub:Console:Oidc:ClientId"] = TestOidcProvider.ClientId,
                    ["Hub:Console:Oidc:ClientSecret"] = TestOidcProvider.ClientSecret,
                    ["Hub:Console:Oidc:RequireHttpsMetadata"] = "false",
                    ["Hub:Console:Oidc:Roles:hub-operators:0"] = "operator",
                });
                _oidcReplica = (replica, provider);
            }

            return _oidcReplica.Value;
        }
        finally
        {
            _replicaStart.Release();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        if (_oidcReplica is { Provider: var oidc })
        {
            await oidc.DisposeAsync();
        }

        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }
}
