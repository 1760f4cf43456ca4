using Xunit;

namespace IntegrationHub.Testing;

/// <summary>The package's helpers, pointed at this clone's builds (<see cref="RepositoryBuild"/>) and at xUnit's skipping.</summary>
public static class RepositoryExtensions
{
    extension(PluginFolders folders)
    {
        /// <summary>
        /// Copies the build output of plugin project <paramref name="project"/> (under <c>tests/Plugins</c> or
        /// <c>plugins</c>) as plugin <paramref name="id"/>, its manifest rewritten to match when an id or version is given.
        /// </summary>
        public string Add(string project, string? id = null, string? version = null) => folders.AddFrom(RepositoryBuild.PluginOutput(project), id, version);

        public static string RepositoryRoot() => RepositoryBuild.Root();
    }

    extension(HubCliProcess)
    {
        /// <summary>Starts this clone's built hub command (<see cref="RepositoryBuild.HubDll"/>), its output also in <paramref name="logFile"/> when given.</summary>
        public static HubCliProcess Start(IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> settings, string? logFile = null) =>
            HubCliProcess.Start(RepositoryBuild.HubDll, args, settings, logFile: logFile);
    }

    extension(HubEnvironment)
    {
        /// <summary>Skips the test when the backend's servers are unreachable (fails it where they are required); else <see cref="HubEnvironment.CreateAsync"/>.</summary>
        public static Task<HubEnvironment> CreateOrSkipAsync(Backend backend)
        {
            var unavailable = HubEnvironment.Unavailable(backend);
            Skip.If(unavailable is not null, unavailable);
            return HubEnvironment.CreateAsync(backend);
        }
    }
}
