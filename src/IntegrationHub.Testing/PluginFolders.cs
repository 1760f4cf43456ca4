using System.Text.Json.Nodes;

namespace IntegrationHub.Testing;

/// <summary>A plugins folder for one test (<c>Hub:PluginsPath</c>), filled with copies of plugins' build output (as a deployment would be).</summary>
public sealed class PluginFolders : IDisposable
{
    public PluginFolders()
    {
        Root = Directory.CreateTempSubdirectory("hub-plugins-").FullName;
    }

    public string Root { get; }

    /// <summary>
    /// Copies a plugin's build output folder (its assembly, <c>.deps.json</c>, dependencies and <c>plugin.json</c>) as
    /// plugin <paramref name="id"/> (by default the folder's manifest id), its manifest rewritten to match when an id or
    /// version is given; returns the copy's folder.
    /// </summary>
    public string AddFrom(string buildOutput, string? id = null, string? version = null)
    {
        var manifestFile = Path.Combine(buildOutput, "plugin.json");
        if (!File.Exists(manifestFile))
        {
            throw new FileNotFoundException($"{buildOutput} is not a plugin's build output: it has no plugin.json (build the plugin first).", manifestFile);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(manifestFile))!.AsObject();
        var target = Path.Combine(Root, id ?? manifest["id"]!.GetValue<string>());
        CopyDirectory(buildOutput, target);
        if (id is not null || version is not null)
        {
            manifest["id"] = id ?? manifest["id"]!.GetValue<string>();
            manifest["version"] = version ?? manifest["version"]!.GetValue<string>();
            File.WriteAllText(Path.Combine(target, "plugin.json"), manifest.ToJsonString());
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file here is gone soon; the temp folder is cleaned by the OS.
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
