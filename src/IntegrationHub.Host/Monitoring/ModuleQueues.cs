using System.Collections.Concurrent;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// The queues MassTransit configured for this process's modules at start (the workers' <c>perception</c> and
/// <c>reasoning</c>, a module's own consumers): what a worker process's heartbeat reports, and the overview lists.
/// Plugins' queues are connected later and are not among them.
/// </summary>
public sealed class ModuleQueues
{
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => [.. _names.Keys.Order(StringComparer.Ordinal)];

    internal void Add(string name) => _names.TryAdd(name, 0);
}
