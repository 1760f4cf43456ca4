using System.CommandLine;
using System.Text.Json;
using IntegrationHub.Benchmarks.EndToEnd;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench e2e --seconds 30 --rate 50 [--find-max] [--burst 10] --json</c> (see <see cref="E2eBenchmark"/>).</summary>
public static class BenchE2eCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Length of each steady phase (and of each --find-max step).", DefaultValueFactory = _ => 30 };
        var rate = new Option<double>("--rate") { Description = "Events posted per second.", DefaultValueFactory = _ => 20 };
        var findMax = new Option<bool>("--find-max") { Description = "Then double the rate while it is sustained (all delivered once, ≥ 90 % of the rate, p99 < 2 s)." };
        var burst = new Option<int?>("--burst") { Description = "Drill 5: between two steady phases, this many times the rate for --burst-seconds." };
        var burstSeconds = new Option<int>("--burst-seconds") { Description = "Length of the burst.", DefaultValueFactory = _ => 3 };
        var rabbit = new Option<string>("--rabbitmq") { Description = "Broker URI (a fresh virtual host is made there, by rabbitmqctl, and deleted after).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/" };
        var images = new Option<int>("--images") { Description = "Distinct small images the probes carry in turn, each embedded by a perception worker; 0: no image, no perception step.", DefaultValueFactory = _ => 4 };
        var storage = new Option<string>("--storage") { Description = "Hub database: sqlite (temp file) or a PostgreSQL connection string.", DefaultValueFactory = _ => "sqlite" };
        var json = CliOptions.Json();
        var command = new Command("e2e", "Events through a plugin, the reasoning and perception workers and a connector, with 1 hub + 2 perception + 1 reasoning worker processes.")
        {
            seconds, rate, findMax, burst, burstSeconds, images, rabbit, storage, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(seconds) < 1 || parse.GetValue(rate) <= 0 || parse.GetValue(burst) is < 1 || parse.GetValue(images) is < 0 or > 64)
            {
                await Console.Error.WriteLineAsync("--seconds must be at least 1, --rate above 0, --burst at least 1 and --images 0 to 64.");
                return 2;
            }

            var options = new E2eBenchmarkOptions(typeof(BenchE2eCommand).Assembly.Location, new Uri(parse.GetValue(rabbit)!), parse.GetValue(storage)!,
                parse.GetValue(seconds), parse.GetValue(rate), parse.GetValue(findMax), parse.GetValue(burst), parse.GetValue(burstSeconds), parse.GetValue(images));
            var result = await new E2eBenchmark(options, Console.Out).RunAsync(cancellationToken);
            Print(result);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(Json(result)));
            }

            return 0;
        });
        return command;
    }

    private static void Print(E2eBenchmarkResult result)
    {
        Console.WriteLine(E2eBenchmark.Describe(result.Total) + $", errors {result.Errors}{(result.FirstError is { } e ? $" (first: {e})" : "")}");
        if (result.MaxSustainableRate is { } max)
        {
            Console.WriteLine($"highest sustained rate on this machine: {max:0.#}/s");
        }

        Console.WriteLine("peak working set: " + string.Join(", ", result.PeakWorkingSetMb.Select(m => $"{m.Key} {m.Value:0} MB")));
        Console.WriteLine("consumed (warm-up included): " + E2eBenchmark.DescribeConsumed(result.Consumed));
    }

    private static Dictionary<string, object?> Json(E2eBenchmarkResult r) => new()
    {
        ["rate"] = r.Total.Rate,
        ["achieved_rate"] = Math.Round(r.Total.AchievedRate, 1),
        ["posted"] = r.Total.Posted,
        ["accepted"] = r.Total.Accepted,
        ["delivered"] = r.Total.Delivered,
        ["perceived"] = r.Total.Perceived,
        ["p50_ms"] = Math.Round(r.Total.P50Ms, 1),
        ["p99_ms"] = Math.Round(r.Total.P99Ms, 1),
        ["errors"] = r.Errors,
        ["lost"] = r.Total.Lost,
        ["duplicates"] = r.Total.Duplicates,
        ["phases"] = r.Phases.Select(p => new { phase = p.Phase, rate = p.Rate, achieved_rate = Math.Round(p.AchievedRate, 1), p50_ms = Math.Round(p.P50Ms, 1), p99_ms = Math.Round(p.P99Ms, 1), perceived = p.Perceived, lost = p.Lost, duplicates = p.Duplicates }),
        ["max_sustained_rate"] = r.MaxSustainableRate,
        ["steps"] = r.Steps.Select(p => new { rate = p.Rate, achieved_rate = Math.Round(p.AchievedRate, 1), p99_ms = Math.Round(p.P99Ms, 1), lost = p.Lost }),
        ["peak_working_set_mb"] = r.PeakWorkingSetMb,
        ["consumed"] = r.Consumed,
    };
}
