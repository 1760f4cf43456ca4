using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>What a plugin is handed at start and stop.</summary>
public interface IPluginContext
{
    PluginManifest Manifest { get; }

    IConfiguration Configuration { get; }

    /// <summary>The plugin's own service provider (SDK services plus what it registered).</summary>
    IServiceProvider Services { get; }

    /// <summary>The hub's data folder; a plugin keeps files only under <c>{DataDirectory}/plugins/{Id}</c>.</summary>
    string DataDirectory { get; }
}
