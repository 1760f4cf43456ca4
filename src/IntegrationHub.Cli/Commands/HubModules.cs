using IntegrationHub.Cli.Composition;
using IntegrationHub.Host;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// The parts the two hosts are composed of: <c>hub run</c> (<see cref="HubRuntime"/>) takes all modules (the
/// embedded default runs the workers in process), <c>hub worker NAME</c> (<see cref="WorkerHost"/>) only the worker named.
/// </summary>
public static class HubModules
{
    public static IReadOnlyList<IHubModule> All() => [new PerceptionModule(), new ReasoningModule(), new DataSourcesModule()];

    public static IReadOnlyDictionary<string, IHubWorkerModule> Workers() =>
        new IHubWorkerModule[] { new PerceptionModule(), new ReasoningModule() }.ToDictionary(w => w.Role, StringComparer.OrdinalIgnoreCase);
}
