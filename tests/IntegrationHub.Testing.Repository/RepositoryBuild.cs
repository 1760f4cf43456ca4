namespace IntegrationHub.Testing;

/// <summary>Where this clone's builds are: the repository root, the built <c>hub</c> command and plugins' build output, in the tests' own configuration.</summary>
public static class RepositoryBuild
{
    /// <summary>The configuration the running tests were built in (bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntegrationHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (IntegrationHub.sln).");
    }

    /// <summary>The built hub command, <c>src/IntegrationHub.Cli/bin/&lt;Configuration&gt;/net10.0/hub.dll</c>.</summary>
    public static string HubDll => Path.Combine(Root(), "src", "IntegrationHub.Cli", "bin", Configuration, "net10.0", "hub.dll");

    /// <summary>The build output of plugin project <paramref name="project"/>, under <c>tests/Plugins</c> or <c>plugins</c>.</summary>
    public static string PluginOutput(string project)
    {
        var outputs = new[] { Path.Combine("tests", "Plugins"), "plugins" }
            .Select(folder => Path.Combine(Root(), folder, project, "bin", Configuration, "net10.0"))
            .ToList();
        return outputs.FirstOrDefault(output => File.Exists(Path.Combine(output, "plugin.json")))
            ?? throw new DirectoryNotFoundException($"Build the plugin first: {string.Join(" or ", outputs)}");
    }
}
