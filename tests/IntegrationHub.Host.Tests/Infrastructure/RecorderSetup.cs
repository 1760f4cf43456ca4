using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>The Recorder test plugin in a hub environment, and the outside system its deliveries go to (connector <c>webhook</c>).</summary>
public static class RecorderSetup
{
    public const string Project = "IntegrationHub.TestPlugins.Recorder";

    /// <summary>Copies the Recorder plugin into the environment's plugins folder; returns its folder there.</summary>
    public static string AddRecorder(this HubEnvironment environment) => environment.Plugins.Add(Project);

    /// <summary>Starts the target of the Recorder's deliveries and points its <c>webhook</c> connector there.</summary>
    public static async Task<WebhookSink> StartRecorderTargetAsync(this HubEnvironment environment)
    {
        var sink = await environment.StartSinkAsync();
        environment.Settings["Connectors:webhook:Kind"] = "webhook";
        environment.Settings["Connectors:webhook:Url"] = sink.Url + "/deliveries";
        environment.Settings["Connectors:webhook:Retries"] = "0";
        return sink;
    }

    public static async Task<WebhookSink> AddRecorderWithTargetAsync(this HubEnvironment environment)
    {
        environment.AddRecorder();
        return await environment.StartRecorderTargetAsync();
    }
}
