using System.Text.Json.Nodes;

namespace IntegrationHub.Testing;

/// <summary>A plugins folder for one test, filled with copies of plugins' build output (as a deployment would be).</summary>
public sealed class PluginFolders : IDisposable
{
    public PluginFolders()
    {
        Root = Directory.CreateTempSubdirectory("hub-plugins-").FullName;
    }

    public string Root { get; }

    /// <summary>
    /// Copies the build output of plugin project <paramref name="project"/> (under <c>tests/Plugins</c> or
    /// <c>plugins</c>) as plugin <paramref name="id"/>, its manifest rewritten to match when an id or version is given.
    /// </summary>
    public string Add(string project, string? id = null, string? version = null)
    {
        var source = BuildOutput(project);
        var target = Path.Combine(Root, id ?? project);
        CopyDirectory(source, target);
        if (id is not null || version is not null)
        {
            var file = Path.Combine(target, "plugin.json");
            var manifest = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            manifest["id"] = id ?? manifest["id"]!.GetValue<string>();
            manifest["version"] = version ?? manifest["version"]!.GetValue<string>();
            File.WriteAllText(file, manifest.ToJsonString());
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

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntegrationHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (IntegrationHub.sln).");
    }

    private static string BuildOutput(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var outputs = new[] { Path.Combine("tests", "Plugins"), "plugins" }
            .Select(folder => Path.Combine(RepositoryRoot(), folder, project, "bin", configuration, "net10.0"))
            .ToList();
        return outputs.FirstOrDefault(output => File.Exists(Path.Combine(output, "plugin.json")))
            ?? throw new DirectoryNotFoundException($"Build the plugin first: {string.Join(" or ", outputs)}");
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
