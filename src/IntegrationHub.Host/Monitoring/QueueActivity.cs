using System.Collections.Concurrent;
using MassTransit;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// Per queue, the messages this process is handling now and has taken since it started, observed on every receive
/// endpoint of its bus (those connected at run time, the plugins', included). The hub's own figures, in memory and on
/// RabbitMQ alike: what the broker holds is <see cref="IQueueDepthSource"/>'s.
/// </summary>
public sealed class QueueActivity : IReceiveObserver
{
    private readonly ConcurrentDictionary<string, Counters> _queues = new(StringComparer.Ordinal);

    public QueueFigures Of(string queue) => _queues.TryGetValue(queue, out var c)
        ? new QueueFigures((int)Interlocked.Read(ref c.InFlight), Interlocked.Read(ref c.Received))
        : new QueueFigures(0, 0);

    public Task PreReceive(ReceiveContext context)
    {
        Received(QueueOf(context.InputAddress));
        return Task.CompletedTask;
    }

    /// <summary>A message taken off <paramref name="queue"/> (by a consumer other than MassTransit's, which reports itself).</summary>
    public void Received(string queue)
    {
        var counters = _queues.GetOrAdd(queue, _ => new Counters());
        Interlocked.Increment(ref counters.InFlight);
        Interlocked.Increment(ref counters.Received);
    }

    /// <summary>A message <see cref="Received(string)"/> is done with, however it ended.</summary>
    public void Done(string queue)
    {
        if (_queues.TryGetValue(queue, out var counters))
        {
            Interlocked.Decrement(ref counters.InFlight);
        }
    }

    public Task PostReceive(ReceiveContext context) => Done(context);

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Done(context);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    /// <summary>The queue of an endpoint address (<c>rabbitmq://host/vhost/queue</c>, <c>loopback://localhost/queue</c>).</summary>
    public static string QueueOf(Uri address) => address.AbsolutePath[(address.AbsolutePath.LastIndexOf('/') + 1)..];

    private Task Done(ReceiveContext context)
    {
        Done(QueueOf(context.InputAddress));
        return Task.CompletedTask;
    }

    private sealed class Counters
    {
        public long InFlight;
        public long Received;
    }
}

/// <param name="InFlight">Messages being handled now.</param>
/// <param name="Received">Messages taken since the process started.</param>
public readonly record struct QueueFigures(int InFlight, long Received);
