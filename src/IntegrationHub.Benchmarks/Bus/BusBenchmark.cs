using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Host;
using IntegrationHub.Host.Messaging.Publishing;

namespace IntegrationHub.Benchmarks;

/// <param name="Messages">Messages per run.</param>
/// <param name="InFlight">Publishes awaiting their broker confirm at once (both sides).</param>
/// <param name="Storage">Hub database: <c>sqlite</c> (a temp file) or a PostgreSQL connection string.</param>
/// <param name="Rounds">Pairs of runs, the bare loop then the hub, one after the other.</param>
public sealed record BusBenchmarkOptions(int Messages, Uri RabbitMq, int InFlight, int Prefetch, string Storage, int Rounds = 1);

/// <summary>Medians over the rounds; <see cref="Ratio"/> is the median of each round's hub rate over its own bare loop's.</summary>
public sealed record BusBenchmarkResult(double HubMessagesPerSecond, double RawMessagesPerSecond, double Ratio, IReadOnlyList<double> RoundRatios, double P50Ms, double P99Ms);

/// <summary>
/// <c>hub bench bus</c>: small messages end to end through a plugin handler (the Diagnostics plugin's
/// <see cref="Ping"/>, inbox on, committed in the store's unit of work) on RabbitMQ, published by the hub's
/// <see cref="IContractPublisher"/> (the outbox's publish port, without the store), against a bare RabbitMQ.Client loop
/// in the same process with the same durability (<see cref="BareRabbitMqLoop"/>). With several rounds, each hub run
/// is set against the bare loop run just before it, so that a machine's drift from minute to minute (the bare loop's
/// own rate moves by a third between runs on a shared 2-core machine) falls on both sides of each ratio.
/// </summary>
public sealed class BusBenchmark(BusBenchmarkOptions options, IReadOnlyList<IHubModule> modules, TextWriter log)
{
    public async Task<BusBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var storage = options.Storage == "sqlite" ? "SQLite" : "PostgreSQL";
        log.WriteLine($"{options.Rounds} round(s) of {options.Messages} messages, {options.InFlight} in flight, prefetch {options.Prefetch}: " +
            $"a bare RabbitMQ.Client loop, then hub.ping through the Diagnostics plugin (inbox on, storage {storage})");
        await using var hub = await HubUnderTest.StartAsync(options, modules, cancellationToken);

        // Both sides once, unmeasured, so that neither round 1 pays for the JIT alone.
        var warmUp = Math.Min(options.Messages, 5_000);
        await BareRabbitMqLoop.RunAsync(options with { Messages = warmUp }, cancellationToken);
        await hub.RunAsync(warmUp, cancellationToken);

        var rounds = new List<(BusRun Raw, BusRun Hub)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var raw = await BareRabbitMqLoop.RunAsync(options, cancellationToken);
            log.WriteLine($"round {round} bare loop: {raw}");
            var run = await hub.RunAsync(options.Messages, cancellationToken);
            log.WriteLine($"round {round} hub:       {run}");
            log.WriteLine($"round {round} ratio {run.Rate / raw.Rate:0.00}");
            rounds.Add((raw, run));
        }

        var ratios = rounds.Select(r => r.Hub.Rate / r.Raw.Rate).ToList();
        return new BusBenchmarkResult(
            Median(rounds.Select(r => r.Hub.Rate)),
            Median(rounds.Select(r => r.Raw.Rate)),
            Median(ratios),
            ratios,
            Median(rounds.Select(r => r.Hub.Latency.Percentile(50))),
            Median(rounds.Select(r => r.Hub.Latency.Percentile(99))));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
