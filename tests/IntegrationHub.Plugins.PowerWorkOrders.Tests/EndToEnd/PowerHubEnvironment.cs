using IntegrationHub.Host;
using IntegrationHub.Reasoning;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>
/// A whole hub for one test: the PowerWorkOrders plugin loaded from its build output, the reasoning worker in
/// process, the connectors pointed at fake outside systems (EAM, OA robot and approvals, voice platform, SMS
/// gateway), their callbacks mapped, and on the production backend its own RabbitMQ vhost and PostgreSQL database.
/// </summary>
public sealed class PowerHubEnvironment : IAsyncDisposable
{
    public const string CallbackSecret = "callback-secret";
    public const string EamSecret = "eam-signing-secret";
    public const string RobotSecret = "SECrobot";

    private PowerHubEnvironment(HubEnvironment hub) => Hub = hub;

    /// <summary>The generic part: backend, folders, configuration.</summary>
    public HubEnvironment Hub { get; }

    public Backend Backend => Hub.Backend;

    public WebhookSink Eam { get; private set; } = null!;

    public WebhookSink Oa { get; private set; } = null!;

    public WebhookSink Voice { get; private set; } = null!;

    public WebhookSink Sms { get; private set; } = null!;

    public const string OaInstance = "PROC-1";

    /// <summary>Skips the test when the backend's servers are unreachable (fails it where they are required).</summary>
    public static async Task<PowerHubEnvironment> CreateOrSkipAsync(Backend backend)
    {
        var environment = new PowerHubEnvironment(await HubEnvironment.CreateOrSkipAsync(backend));
        try
        {
            environment.Eam = await environment.Hub.StartSinkAsync();
            // The OA answers approval.start with the instance it opened; the ticket's decision must name it.
            environment.Oa = await environment.Hub.StartSinkAsync(_ => Task.FromResult(Results.Json(new { id = "EXT-oa", instanceId = OaInstance })));
            environment.Voice = await environment.Hub.StartSinkAsync();
            environment.Sms = await environment.Hub.StartSinkAsync();
            environment.Hub.Plugins.Add("IntegrationHub.Plugins.PowerWorkOrders");
            environment.AddSettings();
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async Task<PowerHub> StartHubAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var observed = new ObservedMessages();
        var hub = new PowerHub(await Hub.StartHubAsync(extra, [new TestModule(observed)], services), observed);
        var plugins = (await hub.GetAsync("/api/plugins"))?.AsArray();
        var plugin = plugins?.FirstOrDefault(p => p!["name"]?.GetValue<string>() == "PowerWorkOrders");
        if (plugin?["state"]?.GetValue<string>() is not ("running" or "Running"))
        {
            await hub.DisposeAsync();
            throw new InvalidOperationException($"The PowerWorkOrders plugin is not running: {plugins?.ToJsonString()}");
        }

        return hub;
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    private void AddSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Outbox:PollInterval"] = "00:00:00.100",

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
            ["Connectors:eam:Callbacks:Secret"] = CallbackSecret,
            ["Connectors:eam:Callbacks:Operations:0"] = "status",
            ["Connectors:eam:Callbacks:Fields:orderId"] = "$.externalrefid",
            ["Connectors:eam:Callbacks:Fields:externalId"] = "$.wonum",

            ["Connectors:oa:Kind"] = "oa",
            ["Connectors:oa:BaseUrl"] = Oa.Url + "/oa/",
            ["Connectors:oa:Robot:Url"] = Oa.Url + "/robot/send?access_token=t",
            ["Connectors:oa:Robot:Secret"] = RobotSecret,
            ["Connectors:oa:Callbacks:Secret"] = CallbackSecret,
            ["Connectors:oa:Callbacks:Operations:0"] = "approval",

            ["Connectors:voicebot:Kind"] = "voicebot",
            ["Connectors:voicebot:BaseUrl"] = Voice.Url + "/voice/",
            ["Connectors:voicebot:Callbacks:Secret"] = CallbackSecret,
            ["Connectors:voicebot:Callbacks:Operations:0"] = "call-result",

            ["Connectors:sms:Kind"] = "rest",
            ["Connectors:sms:BaseUrl"] = Sms.Url,
            ["Connectors:sms:Operations:message.send:Path"] = "sms/send",

            // The connectors publish callbacks as they come; the plugin says what the EAM's codes mean.
            ["Plugins:PowerWorkOrders:StatusMaps:eam:APPR"] = "accepted",
            ["Plugins:PowerWorkOrders:StatusMaps:eam:INPRG"] = "in-progress",
            ["Plugins:PowerWorkOrders:StatusMaps:eam:COMP"] = "completed",
            ["Plugins:PowerWorkOrders:StatusMaps:eam:CLOSE"] = "closed",
        };
        foreach (var (key, value) in settings)
        {
            Hub.Settings[key] = value;
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
