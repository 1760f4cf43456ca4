using System.Collections.Concurrent;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Contract events the plugin published, as seen on the bus.</summary>
public sealed class ObservedMessages
{
    public ConcurrentQueue<object> Messages { get; } = new();

    public IReadOnlyList<T> Of<T>() => Messages.OfType<T>().ToList();
}
