using IntegrationHub.Contracts.Plugins;
using McMaster.NETCore.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>A plugin's own load context and the <see cref="IHubPlugin"/> instance created in it.</summary>
internal sealed record PluginLoad(PluginLoader Loader, IHubPlugin Instance);

/// <summary>
/// Creates a plugin's collectible load context (McMaster.NETCore.Plugins) from its folder, sharing only
/// <see cref="SharedAssemblies"/> with the host, and instantiates its single <see cref="IHubPlugin"/>.
/// </summary>
internal static class PluginLoadContext
{
    public static PluginLoad Create(PluginManifest manifest, string folder)
    {
        var hubAbi = typeof(IHubPlugin).Assembly.GetName().Version!;
        if (Version.TryParse(manifest.TargetAbi, out var abi) && abi.Major > hubAbi.Major)
        {
            throw new InvalidOperationException($"Plugin targets contracts {manifest.TargetAbi}; this hub has {hubAbi}.");
        }

        var loader = PluginLoader.CreateFromAssemblyFile(
            Path.Combine(folder, manifest.Assembly),
            SharedAssemblies.Types,
            config =>
            {
                SharedAssemblies.Share(config);
                config.IsUnloadable = true;
                config.LoadInMemory = true;
                config.PreferSharedTypes = true;
            });
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            var pluginType = assembly.GetTypes().SingleOrDefault(t => typeof(IHubPlugin).IsAssignableFrom(t) && !t.IsAbstract)
                ?? throw new InvalidOperationException($"{manifest.Assembly} has no (single) class implementing IHubPlugin.");
            return new PluginLoad(loader, (IHubPlugin)Activator.CreateInstance(pluginType)!);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}
