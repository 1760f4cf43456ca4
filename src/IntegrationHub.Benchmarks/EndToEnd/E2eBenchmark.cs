using System.Diagnostics;
using IntegrationHub.Testing;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <param name="HubDll">The built <c>hub.dll</c> the processes run (the CLI passes its own).</param>
/// <param name="Storage"><c>sqlite</c> (a temp file) or a PostgreSQL connection string.</param>
/// <param name="Burst">Drill 5: a burst this many times the rate for <see cref="BurstSeconds"/>, between two steady phases.</param>
/// <param name="Images">Distinct images (<see cref="ProbeImages"/>) the probes carry in turn; 0: probes without an image (no perception step).</param>
public sealed record E2eBenchmarkOptions(string HubDll, Uri RabbitMq, string Storage, int Seconds, double Rate, bool FindMax = false, int? Burst = null, int BurstSeconds = 3, int Images = 4);

/// <summary>Figures of a set of posted events: latency from post to first arrival at the sink; perceived = deliveries carrying an embedding of the probe's image.</summary>
public sealed record PhaseFigures(string Phase, double Rate, int Posted, int Accepted, int Delivered, int Perceived, int Lost, int Duplicates, double AchievedRate, double P50Ms, double P99Ms);

/// <param name="Consumed">Per process (hub, perception-1, …): the probes and worker requests it consumed, by message type.</param>
public sealed record E2eBenchmarkResult(
    PhaseFigures Total, IReadOnlyList<PhaseFigures> Phases, int Errors, string? FirstError,
    IReadOnlyList<PhaseFigures> Steps, double? MaxSustainableRate, IReadOnlyDictionary<string, double> PeakWorkingSetMb,
    IReadOnlyDictionary<string, Dictionary<string, long>> Consumed);

/// <summary>
/// <c>hub bench e2e</c>: <c>hub.probe</c> events posted to the hub at a steady rate, each with a small image, go through
/// the Diagnostics plugin, a reasoning worker process (classify-intent) and one of two perception worker processes
/// (embed) and the outbox to a <c>rest</c> connector whose target is a local sink (<see cref="WebhookSink"/>, deliveries told apart by their <c>Idempotency-Key</c>); the hub and its workers run as separate processes (<see cref="HubCluster"/>).
/// Lost = accepted (202) but never delivered within the drain time; duplicates = delivered more than once.
/// </summary>
public sealed class E2eBenchmark(E2eBenchmarkOptions options, TextWriter log)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DuplicateWait = TimeSpan.FromSeconds(1);

    public async Task<E2eBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var cluster = await HubCluster.StartAsync(options.HubDll, options.RabbitMq, options.Storage, sink.Url, log, cancellationToken);
        var images = ProbeImages.Render(options.Images);
        log.WriteLine(images.Count == 0
            ? "probes carry no image (no perception step)"
            : $"probes carry {images.Count} distinct {ProbeImages.Side}×{ProbeImages.Side} PNG images in turn ({images.Min(i => i.Length)}–{images.Max(i => i.Length)} bytes)");

        log.WriteLine("warm-up: 10 events at 5/s (not counted)");
        await RunPhasesAsync(cluster, sink, images, [("warm-up", 5, TimeSpan.FromSeconds(2))], cancellationToken);

        var steady = TimeSpan.FromSeconds(options.Seconds);
        List<(string, double, TimeSpan)> plan = options.Burst is { } factor
            ? [("before", options.Rate, steady), ("burst", options.Rate * factor, TimeSpan.FromSeconds(options.BurstSeconds)), ("after", options.Rate, steady)]
            : [("steady", options.Rate, steady)];
        log.WriteLine($"run: {string.Join(", ", plan.Select(p => $"{p.Item1} {p.Item2:0.#}/s for {p.Item3.TotalSeconds:0} s"))}");
        var (stream, phases, total) = await RunPhasesAsync(cluster, sink, images, plan, cancellationToken);
        phases.ForEach(p => log.WriteLine("  " + Describe(p)));

        var steps = new List<PhaseFigures>();
        double? max = null;
        if (options.FindMax)
        {
            (steps, max) = await FindMaxAsync(cluster, sink, images, total, cancellationToken);
        }

        var memory = cluster.Processes.ToDictionary(p => p.Name, p => Math.Round(p.PeakWorkingSetBytes / 1024.0 / 1024.0, 1));
        return new E2eBenchmarkResult(total, phases, stream.Errors, stream.FirstError, steps, max, memory, await cluster.ConsumedAsync(cancellationToken));
    }

    public static string Describe(PhaseFigures p) =>
        $"{p.Phase}: target {p.Rate:0.#}/s, posted {p.Posted}, accepted {p.Accepted}, delivered {p.Delivered} (perceived {p.Perceived}), achieved {p.AchievedRate:0.#}/s, "
        + $"p50 {p.P50Ms:0.0} ms, p99 {p.P99Ms:0.0} ms, lost {p.Lost}, duplicates {p.Duplicates}";

    public static string DescribeConsumed(IReadOnlyDictionary<string, Dictionary<string, long>> consumed) =>
        string.Join("; ", consumed.Select(p => $"{p.Key} " + (p.Value.Count == 0 ? "nothing" : string.Join(", ", p.Value.Select(c => $"{c.Key} {c.Value}")))));

    /// <summary>Doubles the rate from the requested one while every event is delivered once, at ≥ 90 % of the target rate, with p99 under 2 s.</summary>
    private async Task<(List<PhaseFigures>, double?)> FindMaxAsync(HubCluster cluster, WebhookSink sink, IReadOnlyList<byte[]> images, PhaseFigures first, CancellationToken cancellationToken)
    {
        var steps = new List<PhaseFigures> { first with { Phase = $"step {first.Rate:0.#}/s" } };
        double? max = null;
        for (var rate = options.Rate; Sustained(steps[^1]) && steps.Count <= 8; rate *= 2)
        {
            max = rate;
            var (_, _, figures) = await RunPhasesAsync(cluster, sink, images, [($"step {rate * 2:0.#}/s", rate * 2, TimeSpan.FromSeconds(options.Seconds))], cancellationToken);
            log.WriteLine("  " + Describe(figures));
            steps.Add(figures);
        }

        log.WriteLine(max is null ? "  the requested rate itself was not sustained" : $"  highest sustained rate: {max:0.#}/s");
        return (steps, max);
    }

    private bool Sustained(PhaseFigures p) => p.Perceived == (options.Images > 0 ? p.Delivered : 0) && p.Lost == 0 && p.Duplicates == 0 && p.Accepted == p.Posted && p.AchievedRate >= 0.9 * p.Rate && p.P99Ms < 2000;

    private static async Task<(EventStream, List<PhaseFigures>, PhaseFigures)> RunPhasesAsync(
        HubCluster cluster, WebhookSink sink, IReadOnlyList<byte[]> images, IReadOnlyList<(string Name, double Rate, TimeSpan Duration)> plan, CancellationToken cancellationToken)
    {
        var stream = new EventStream(cluster.Hub, images);
        foreach (var (name, rate, duration) in plan)
        {
            await stream.PostAsync(name, rate, duration, cancellationToken);
            cluster.ThrowIfAnyExited();
        }

        var accepted = stream.Posted.Where(p => p.Accepted).ToList();
        var drain = Stopwatch.StartNew();
        while (accepted.Any(p => ArrivedAt(sink, p.Key) is null) && drain.Elapsed < DrainLimit)
        {
            cluster.ThrowIfAnyExited();
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        await Task.Delay(DuplicateWait, cancellationToken);
        var phases = plan.Select(p => Figures(p.Name, p.Rate, stream.Posted.Where(e => e.Phase == p.Name).ToList(), sink)).ToList();
        var total = Figures(plan.Count == 1 ? plan[0].Name : "total", plan.Count == 1 ? plan[0].Rate : 0, [.. stream.Posted], sink);
        return (stream, phases, total);
    }

    private static PhaseFigures Figures(string phase, double rate, IReadOnlyList<PostedEvent> posted, WebhookSink sink)
    {
        var accepted = posted.Where(p => p.Accepted).ToList();
        var arrivals = accepted.Select(p => (p.PostedAt, Arrived: ArrivedAt(sink, p.Key))).Where(a => a.Arrived is not null).ToList();
        var latency = new LatencyRecorder(Math.Max(arrivals.Count, 1));
        arrivals.ForEach(a => latency.Add(Stopwatch.GetElapsedTime(a.PostedAt, a.Arrived!.Value).TotalMilliseconds));
        var span = arrivals.Count == 0 ? 0 : Stopwatch.GetElapsedTime(posted.Min(p => p.PostedAt), arrivals.Max(a => a.Arrived!.Value)).TotalSeconds;
        var perceived = accepted.Count(p => sink.WithIdempotencyKey(p.Key) is [var first, ..] && first.Body?["perception"]?["dimension"]?.GetValue<int>() > 0);
        return new PhaseFigures(phase, rate, posted.Count, accepted.Count, arrivals.Count, perceived, accepted.Count - arrivals.Count, accepted.Count(p => sink.WithIdempotencyKey(p.Key).Count > 1),
            span > 0 ? arrivals.Count / span : 0, latency.Percentile(50), latency.Percentile(99));
    }

    /// <summary>The first arrival (a <see cref="Stopwatch"/> timestamp) of the delivery with this key, if any.</summary>
    private static long? ArrivedAt(WebhookSink sink, string key) => sink.WithIdempotencyKey(key) is [var first, ..] ? first.Timestamp : null;
}
