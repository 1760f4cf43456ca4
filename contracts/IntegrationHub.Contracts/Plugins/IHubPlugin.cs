namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// The one class a plugin implements. The hub finds it in the assembly named by the plugin's
/// <c>plugin.json</c> manifest, calls <see cref="Configure"/> once per load to learn what the plugin
/// handles, builds the plugin's own service provider, then calls <see cref="StartAsync"/>.
/// </summary>
public interface IHubPlugin
{
    /// <summary>Declares handlers, jobs, HTTP endpoints and the plugin's own services.</summary>
    void Configure(IPluginBuilder builder);

    /// <summary>Runs after the plugin's services are built and before its first message.</summary>
    Task StartAsync(IPluginContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after in-flight handlers have drained, before the plugin is unloaded.</summary>
    Task StopAsync(IPluginContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
