using System.Collections.Concurrent;
using IntegrationHub.Contracts.Tunnel.Events;
using MassTransit;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>The plugin's contract events as another plugin would see them on the bus.</summary>
public sealed class ObservedEvents
{
    public ConcurrentQueue<object> Messages { get; } = new();

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
        observed.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
