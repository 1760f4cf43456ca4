using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Consuming;
using IntegrationHub.Host.Plugins;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host;

public static class HubPluginsComposition
{
    /// <summary>The plugin manager and its parts; plugins start once the bus is up and stop (draining) before it goes down.</summary>
    public static IServiceCollection AddHubPlugins(this IServiceCollection services)
    {
        services.AddSingleton<PluginContainers>();
        services.AddSingleton<PluginBusEndpoints>();
        services.AddSingleton<FailedDeliveries>();
        services.AddSingleton<RequestReplies>();
        services.AddSingleton<PluginJobSchedules>();
        services.AddSingleton<DisabledPlugins>();
        // Its parts are the host's own (internal), so the container cannot pick its constructor by itself.
        services.AddSingleton(sp => new PluginManager(
            sp.GetRequiredService<IOptions<HubOptions>>(),
            sp.GetRequiredService<ContractRegistry>(),
            sp.GetRequiredService<PluginContainers>(),
            sp.GetRequiredService<PluginBusEndpoints>(),
            sp.GetRequiredService<PluginJobSchedules>(),
            sp.GetRequiredService<DisabledPlugins>(),
            sp.GetRequiredService<ILogger<PluginManager>>()));
        services.AddHostedService<PluginStartupService>();
        services.AddHostedService<PluginFolderWatcher>();
        return services;
    }
}

/// <summary>Starts the plugins once the bus is up, and stops them (draining) before it goes down.</summary>
internal sealed class PluginStartupService(PluginManager plugins, IOptions<HubOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.LoadPlugins ? plugins.StartAllAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => plugins.StopAllAsync(cancellationToken);
}
