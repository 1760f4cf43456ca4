using IntegrationHub.Host;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// The parts the full hub is composed of. Each worker/library project contributes one <see cref="IHubModule"/>;
/// <c>hub run</c> takes them all, <c>hub worker NAME</c> only the one named.
/// </summary>
public static class HubModules
{
    public static IReadOnlyList<IHubModule> All() => [];

    public static IReadOnlyDictionary<string, IHubModule> Workers() => new Dictionary<string, IHubModule>(StringComparer.OrdinalIgnoreCase);
}
