using System.Text.Json;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>A plugin folder found with a readable manifest.</summary>
internal sealed record DiscoveredPlugin(PluginManifest Manifest, string Folder);

/// <summary>A plugin folder whose manifest could not be read.</summary>
internal sealed record UnreadablePlugin(string Folder, string File, Exception Error);

/// <summary>Finds plugin folders under the plugins path, reads their manifests, and orders them by their dependencies.</summary>
internal static class PluginDiscovery
{
    public static (IReadOnlyList<DiscoveredPlugin> Found, IReadOnlyList<UnreadablePlugin> Unreadable) Discover(string root)
    {
        var found = new List<DiscoveredPlugin>();
        var unreadable = new List<UnreadablePlugin>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order())
        {
            var file = Path.Combine(folder, PluginManifest.FileName);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                found.Add(new DiscoveredPlugin(ReadManifest(file), folder));
            }
            catch (Exception e)
            {
                unreadable.Add(new UnreadablePlugin(folder, file, e));
            }
        }

        return (found, unreadable);
    }

    public static PluginManifest ReadManifest(string file)
    {
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{file} is empty.");
        if (string.IsNullOrWhiteSpace(manifest.Id) || string.IsNullOrWhiteSpace(manifest.Assembly))
        {
            throw new InvalidDataException($"{file} must name at least 'id' and 'assembly'.");
        }

        return manifest;
    }

    /// <summary>Dependencies first; a dependency that is not installed is ignored, a cycle loads in name order.</summary>
    public static IEnumerable<DiscoveredPlugin> OrderByDependencies(IReadOnlyList<DiscoveredPlugin> plugins)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = plugins.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => (p.Manifest.Dependencies ?? []).All(d => done.Contains(d) || plugins.All(m => !m.Manifest.Id.Equals(d, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (ready.Count == 0)
            {
                ready = pending; // A cycle: load in name order and let each fail on its own if it must.
            }

            foreach (var item in ready)
            {
                done.Add(item.Manifest.Id);
                pending.Remove(item);
                yield return item;
            }
        }
    }

    public static string ResolvePluginsPath(string? configured) => string.IsNullOrWhiteSpace(configured)
        ? Path.Combine(AppContext.BaseDirectory, "plugins")
        : Path.GetFullPath(configured);
}
