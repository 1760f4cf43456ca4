using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Events.Power;
using IntegrationHub.Host;
using IntegrationHub.Reasoning;
using IntegrationHub.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

public enum Backend
{
    InMemorySqlite,
    RabbitMqPostgres,
}

/// <summary>
/// A whole hub for one test: the PowerWorkOrders plugin loaded from its build output, the reasoning worker in
/// process, the connectors pointed at fake outside systems (EAM, OA robot and approvals, voice platform, SMS
/// gateway), their callbacks mapped, and on the production backend its own RabbitMQ vhost and PostgreSQL database.
/// </summary>
public sealed class PowerHubEnvironment : IAsyncDisposable
{
    public const string ApiKey = "power-test-key";
    public const string CallbackSecret = "callback-secret";
    public const string EamSecret = "eam-signing-secret";
    public const string RobotSecret = "SECrobot";

    private PowerHubEnvironment(Backend backend) => Backend = backend;

    public Backend Backend { get; }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("power-hub-data-").FullName;

    public string PluginsRoot { get; } = Directory.CreateTempSubdirectory("power-hub-plugins-").FullName;

    public FakeSystem Eam { get; private set; } = null!;

    public FakeSystem Oa { get; private set; } = null!;

    public FakeSystem Voice { get; private set; } = null!;

    public FakeSystem Sms { get; private set; } = null!;

    public string? VirtualHost { get; private set; }

    public string? Postgres { get; private set; }

    public static string? Unavailable(Backend backend) =>
        backend == Backend.RabbitMqPostgres ? TestInfrastructure.RabbitMqUnavailable() ?? TestInfrastructure.PostgresUnavailable() : null;

    public static async Task<PowerHubEnvironment> CreateAsync(Backend backend)
    {
        var environment = new PowerHubEnvironment(backend)
        {
            Eam = await FakeSystem.StartAsync(),
            Oa = await FakeSystem.StartAsync(),
            Voice = await FakeSystem.StartAsync(),
            Sms = await FakeSystem.StartAsync(),
        };
        if (backend == Backend.RabbitMqPostgres)
        {
            environment.VirtualHost = await TestInfrastructure.CreateVirtualHostAsync();
            environment.Postgres = await TestInfrastructure.CreateDatabaseAsync();
        }

        CopyDirectory(PluginBuildOutput(), Path.Combine(environment.PluginsRoot, "PowerWorkOrders"));
        return environment;
    }

    public Dictionary<string, string?> Configuration(IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:DataDirectory"] = DataDirectory,
            ["Hub:PluginsPath"] = PluginsRoot,
            ["Hub:Api:Keys:0:Name"] = "tests",
            ["Hub:Api:Keys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
            ["Hub:Bus:RedeliveryDelays:0"] = "00:00:01",
            ["Hub:Bus:RedeliveryDelays:1"] = "00:00:02",
            ["Hub:Outbox:PollInterval"] = "00:00:00.100",
            ["Hub:Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["Hub:Outbox:MaxRetryDelay"] = "00:00:01",

            ["Connectors:eam:Kind"] = "rest",
            ["Connectors:eam:BaseUrl"] = Eam.Url + "/maximo/api/",
            ["Connectors:eam:Retries"] = "1",
            ["Connectors:eam:RetryDelay"] = "00:00:00.050",
            ["Connectors:eam:BreakDuration"] = "00:00:01",
            ["Connectors:eam:Signing:Secret"] = EamSecret,
            ["Connectors:eam:Operations:work-order.create:Path"] = "os/mxwo",
            ["Connectors:eam:Operations:work-order.create:Fields:description"] = "$.title",
            ["Connectors:eam:Operations:work-order.create:Fields:description_longdescription"] = "$.description",
            ["Connectors:eam:Operations:work-order.create:Fields:externalrefid"] = "$.orderId",
            ["Connectors:eam:Operations:work-order.create:Fields:assetnum"] = "$.equipmentId",
            ["Connectors:eam:Operations:work-order.create:Fields:location.site"] = "$.substation",
            ["Connectors:eam:Operations:work-order.create:Fields:wopriority"] = "$.priority",
            ["Connectors:eam:Operations:work-order.create:ExternalIdPath"] = "$.id",
            ["Connectors:eam:StatusMap:APPR"] = "accepted",
            ["Connectors:eam:StatusMap:INPRG"] = "in-progress",
            ["Connectors:eam:StatusMap:COMP"] = "completed",
            ["Connectors:eam:StatusMap:CLOSE"] = "closed",
            ["Connectors:eam:Callbacks:Secret"] = CallbackSecret,
            ["Connectors:eam:Callbacks:Fields:orderId"] = "$.externalrefid",
            ["Connectors:eam:Callbacks:Fields:externalId"] = "$.wonum",

            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:BaseUrl"] = Oa.Url + "/oa/",
            ["Connectors:oa:Robot:Url"] = Oa.Url + "/robot/send?access_token=t",
            ["Connectors:oa:Robot:Secret"] = RobotSecret,
            ["Connectors:oa:Callbacks:Secret"] = CallbackSecret,

            ["Connectors:voicebot:Kind"] = "voicebot",
            ["Connectors:voicebot:BaseUrl"] = Voice.Url + "/voice/",
            ["Connectors:voicebot:Callbacks:Secret"] = CallbackSecret,

            ["Connectors:sms:Kind"] = "rest",
            ["Connectors:sms:BaseUrl"] = Sms.Url,
            ["Connectors:sms:Operations:message.send:Path"] = "sms/send",
        };
        if (Backend == Backend.RabbitMqPostgres)
        {
            var rabbit = new Uri(TestInfrastructure.RabbitMqUri);
            settings["Hub:Bus:Transport"] = "RabbitMq";
            settings["Hub:Bus:RabbitMq:Host"] = rabbit.Host;
            settings["Hub:Bus:RabbitMq:Port"] = rabbit.Port.ToString();
            settings["Hub:Bus:RabbitMq:VirtualHost"] = VirtualHost;
            settings["Hub:Storage:Provider"] = "PostgreSql";
            settings["Hub:Storage:ConnectionString"] = Postgres;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task<PowerHub> StartHubAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var observed = new ObservedMessages();
        var app = HubApplication.Build(["--urls=http://127.0.0.1:0"], [new TestModule(observed)], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Configuration(extra));
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var hub = new PowerHub(app, new Uri(address), observed);
        var plugins = (await hub.GetAsync("/api/plugins"))?.AsArray();
        var plugin = plugins?.FirstOrDefault(p => p!["name"]?.GetValue<string>() == "PowerWorkOrders");
        if (plugin?["state"]?.GetValue<string>() is not ("running" or "Running"))
        {
            await hub.DisposeAsync();
            throw new InvalidOperationException($"The PowerWorkOrders plugin is not running: {plugins?.ToJsonString()}");
        }

        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await Eam.DisposeAsync();
        await Oa.DisposeAsync();
        await Voice.DisposeAsync();
        await Sms.DisposeAsync();
        if (VirtualHost is not null)
        {
            await TestInfrastructure.DeleteVirtualHostAsync(VirtualHost);
        }

        if (Postgres is not null)
        {
            await TestInfrastructure.DropDatabaseAsync(Postgres);
        }

        foreach (var directory in new[] { DataDirectory, PluginsRoot })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string PluginBuildOutput()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntegrationHub.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var output = Path.Combine(directory!.FullName, "plugins", "IntegrationHub.Plugins.PowerWorkOrders", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(output, "plugin.json")) ? output : throw new DirectoryNotFoundException($"Build the plugin first: {output}");
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    /// <summary>The reasoning worker in process, and a bus observer for the test (the hub itself maps the connectors' callbacks).</summary>
    private sealed class TestModule(ObservedMessages observed) : IHubModule
    {
        public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
        {
            services.AddSingleton(observed);
            services.AddReasoningWorker(configuration);
        }

        public void ConfigureBus(IBusRegistrationConfigurator bus)
        {
            bus.AddReasoningConsumers(temporary: true);
            bus.AddConsumer<ObserverConsumer>().Endpoint(e =>
            {
                e.Name = $"power-test-observer-{Guid.NewGuid():N}";
                e.Temporary = true;
            });
        }
    }
}

/// <summary>Contract events the plugin published, as seen on the bus.</summary>
public sealed class ObservedMessages
{
    public ConcurrentQueue<object> Messages { get; } = new();

    public IReadOnlyList<T> Of<T>() => Messages.OfType<T>().ToList();
}

public sealed class ObserverConsumer(ObservedMessages observed) :
    IConsumer<WorkOrderStatusChanged>,
    IConsumer<WorkOrderEscalated>,
    IConsumer<OutageNoticeSummary>,
    IConsumer<VoiceCallCompleted>,
    IConsumer<OperationTicketValidated>
{
    public Task Consume(ConsumeContext<WorkOrderStatusChanged> context) => Add(context.Message);

    public Task Consume(ConsumeContext<WorkOrderEscalated> context) => Add(context.Message);

    public Task Consume(ConsumeContext<OutageNoticeSummary> context) => Add(context.Message);

    public Task Consume(ConsumeContext<VoiceCallCompleted> context) => Add(context.Message);

    public Task Consume(ConsumeContext<OperationTicketValidated> context) => Add(context.Message);

    private Task Add(object message)
    {
        observed.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>A running hub: an API client with the key, signed callbacks as the outside systems send them, the plugin's documents.</summary>
public sealed class PowerHub(WebApplication app, Uri address, ObservedMessages observed) : IAsyncDisposable
{
    public HttpClient Client { get; } = new() { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", PowerHubEnvironment.ApiKey } } };

    public ObservedMessages Observed { get; } = observed;

    public IServiceProvider Services => app.Services;

    public async Task<HttpResponseMessage> PostEventAsync(string type, object message)
    {
        var response = await Client.PostAsync($"/api/events/{type}", new StringContent(System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>
    /// Posts a callback the way the outside system does: HMAC-signed with the shared secret, no API key, stamped
    /// with the hub's clock (which a test may have moved; the outside system's clock agrees with the hub's).
    /// </summary>
    public async Task<HttpResponseMessage> CallbackAsync(string path, JsonNode body)
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        var json = body.ToJsonString();
        var timestamp = Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HmacSignature.TimestampHeader, timestamp);
        request.Headers.Add(HmacSignature.SignatureHeader, HmacSignature.Sign(PowerHubEnvironment.CallbackSecret, timestamp, json));
        var response = await anonymous.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public async Task<JsonNode?> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
