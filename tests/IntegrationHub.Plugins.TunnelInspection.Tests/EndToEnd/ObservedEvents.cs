using System.Collections.Concurrent;
using IntegrationHub.Contracts.Tunnel.Events;
using MassTransit;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>The plugin's contract events as another plugin would see them on the bus.</summary>
public sealed class ObservedEvents
{
    private int probes;

    public ConcurrentQueue<object> Messages { get; } = new();

    /// <summary>The test's own probe events (run id <c>probe</c>) received, kept apart from <see cref="Messages"/>.</summary>
    public int Probes => Volatile.Read(ref probes);

    public void Add(object message)
    {
        if (message is DefectFound { RunId: "probe" })
        {
            Interlocked.Increment(ref probes);
            return;
        }

        Messages.Enqueue(message);
    }

    public IReadOnlyList<T> Of<T>() => Messages.OfType<T>().ToList();
}

/// <summary>Puts the plugin's defect events into the test's <see cref="ObservedEvents"/>.</summary>
public sealed class DefectEventObserver(ObservedEvents observed) :
    IConsumer<DefectFound>,
    IConsumer<DefectGrown>,
    IConsumer<DefectRepaired>
{
    public Task Consume(ConsumeContext<DefectFound> context) => Add(context.Message);

    public Task Consume(ConsumeContext<DefectGrown> context) => Add(context.Message);

    public Task Consume(ConsumeContext<DefectRepaired> context) => Add(context.Message);

    private Task Add(object message)
    {
        observed.Add(message);
        return Task.CompletedTask;
    }
}
