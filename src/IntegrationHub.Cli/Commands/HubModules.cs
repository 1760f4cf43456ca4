using IntegrationHub.Cli.Composition;
using IntegrationHub.Host;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// What the full hub is composed of: <c>hub run</c> takes all modules (the embedded default runs the workers
/// in-process), <c>hub worker NAME</c> only the one named, as its own scalable process.
/// </summary>
public static class HubModules
{
    public static IReadOnlyList<IHubModule> All() => [new PerceptionModule(), new ReasoningModule(), new DataSourcesModule()];

    public static IReadOnlyDictionary<string, IHubModule> Workers() => new Dictionary<string, IHubModule>(StringComparer.OrdinalIgnoreCase)
    {
        ["perception"] = new PerceptionModule(),
        ["reasoning"] = new ReasoningModule(),
    };
}
