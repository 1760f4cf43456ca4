using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Contracts.Events.Hub;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>One <c>hub.probe</c> posted: when (a <see cref="Stopwatch"/> timestamp), in which phase, and whether the hub answered 202.</summary>
public sealed record PostedEvent(string Key, long PostedAt, string Phase, bool Accepted);

/// <summary>
/// Posts <c>hub.probe</c> events to <c>POST /api/events/hub.probe</c> at a steady rate, each on its own schedule slot
/// (open loop: a slow hub does not slow the sender), each carrying the next of <paramref name="images"/> in turn (none when empty).
/// </summary>
public sealed class EventStream(HttpClient hub, IReadOnlyList<byte[]> images)
{
    private readonly ConcurrentBag<PostedEvent> _posted = [];
    private int _errors;
    private int _sent;
    private string? _firstError;

    public IReadOnlyCollection<PostedEvent> Posted => _posted;

    public int Errors => Volatile.Read(ref _errors);

    public string? FirstError => _firstError;

    /// <returns>The rate at which posts were actually sent (per second).</returns>
    public async Task<double> PostAsync(string phase, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var sends = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            sends.Add(PostOneAsync(phase, cancellationToken));
        }

        var sent = Stopwatch.GetElapsedTime(started);
        await Task.WhenAll(sends);
        return count / Math.Max(sent.TotalSeconds, duration.TotalSeconds);
    }

    private async Task PostOneAsync(string phase, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var probe = new Probe(id, DateTimeOffset.UtcNow) { Image = images.Count == 0 ? null : images[Interlocked.Increment(ref _sent) % images.Count] };
        var posted = Stopwatch.GetTimestamp();
        var accepted = false;
        try
        {
            using var answer = await hub.PostAsJsonAsync("/api/events/hub.probe", probe, cancellationToken);
            accepted = answer.StatusCode == HttpStatusCode.Accepted;
            if (!accepted)
            {
                Fail($"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (HttpRequestException e)
        {
            Fail(e.Message);
        }

        _posted.Add(new PostedEvent($"probe:{id}", posted, phase, accepted));
    }

    private void Fail(string error)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, error, null);
    }
}
