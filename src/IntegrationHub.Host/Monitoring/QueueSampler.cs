using System.Collections.Concurrent;

namespace IntegrationHub.Host.Monitoring;

/// <summary>
/// Reads the figures of the hub's known queues and turns successive readings into rates: each reading is kept for
/// <see cref="Window"/>, and a rate is the change from the oldest kept reading to this one (at least one second
/// apart), so it is smooth however often pages ask.
/// </summary>
internal sealed class QueueSampler(IQueueDepthSource depths, QueueActivity activity, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Queue<Reading>> _readings = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<QueueLine>> ReadAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
    {
        var broker = await depths.ReadAsync(queues, cancellationToken);
        var now = time.GetUtcNow();
        var lines = new List<QueueLine>(queues.Count);
        foreach (var queue in queues.Order(StringComparer.Ordinal))
        {
            BrokerQueue? held = broker.TryGetValue(queue, out var b) ? b : null;
            var here = activity.Of(queue);
            var reading = new Reading(now, held?.Depth, here.Received);
            var oldest = Keep(queue, reading);
            var seconds = (now - oldest.At).TotalSeconds;
            var span = now - oldest.At >= MinimumSpan;
            lines.Add(new QueueLine(
                queue,
                held?.Depth,
                held?.Consumers,
                span && held is not null && oldest.Depth is { } before ? Math.Round((held.Value.Depth - before) / seconds, 2) : null,
                here.InFlight,
                span ? Math.Round((here.Received - oldest.Received) / seconds, 2) : null));
        }

        return lines;
    }

    /// <summary>Adds the reading and returns the oldest one still in the window.</summary>
    private Reading Keep(string queue, Reading reading)
    {
        var kept = _readings.GetOrAdd(queue, _ => new Queue<Reading>());
        lock (kept)
        {
            while (kept.Count > 0 && reading.At - kept.Peek().At > Window)
            {
                kept.Dequeue();
            }

            kept.Enqueue(reading);
            return kept.Peek();
        }
    }

    private readonly record struct Reading(DateTimeOffset At, long? Depth, long Received);
}

/// <summary>One queue on the overview.</summary>
/// <param name="Name">The queue (<c>plugin.{id}</c>, a worker's <c>perception</c> or <c>reasoning</c>).</param>
/// <param name="Depth">Messages ready in the broker; null in memory (no broker to ask) or when the queue is not declared yet.</param>
/// <param name="Consumers">Consumers the broker sees on it, all processes together; null in memory.</param>
/// <param name="DepthPerSecond">How fast the depth changed over the last readings (negative: draining); null until two readings a second apart.</param>
/// <param name="InFlightHere">Messages this hub process is handling from it now.</param>
/// <param name="ReceivedPerSecondHere">Messages per second this hub process took from it over the last readings.</param>
public sealed record QueueLine(string Name, long? Depth, int? Consumers, double? DepthPerSecond, int InFlightHere, double? ReceivedPerSecondHere);
