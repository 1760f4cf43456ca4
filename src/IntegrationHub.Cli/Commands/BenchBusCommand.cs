using System.CommandLine;
using System.Text.Json;
using IntegrationHub.Benchmarks;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench bus --messages 100000 --json</c> (see <see cref="BusBenchmark"/>).</summary>
public static class BenchBusCommand
{
    public static Command Create()
    {
        var messages = new Option<int>("--messages") { Description = "Messages per run.", DefaultValueFactory = _ => 100_000 };
        var rabbit = new Option<string>("--rabbitmq") { Description = "Broker URI.", DefaultValueFactory = _ => "amqp://guest:guest@127.0.0.1:5672/" };
        var inFlight = new Option<int>("--in-flight") { Description = "Publishes awaiting confirms at once.", DefaultValueFactory = _ => 256 };
        var prefetch = new Option<int>("--prefetch") { Description = "Consumer prefetch (both runs).", DefaultValueFactory = _ => 32 };
        var storage = new Option<string>("--storage") { Description = "Hub database: sqlite (temp file) or a PostgreSQL connection string.", DefaultValueFactory = _ => "sqlite" };
        var rounds = new Option<int>("--rounds") { Description = "Pairs of runs (bare loop, then hub); the ratio printed is the median of each pair's.", DefaultValueFactory = _ => 1 };
        var json = CliOptions.Json();
        var command = new Command("bus", "Hub end to end through a plugin handler vs a bare RabbitMQ.Client loop.") { messages, rabbit, inFlight, prefetch, storage, rounds, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BusBenchmarkOptions(parse.GetValue(messages), new Uri(parse.GetValue(rabbit)!), parse.GetValue(inFlight), parse.GetValue(prefetch), parse.GetValue(storage)!, parse.GetValue(rounds));
            var result = await new BusBenchmark(options, HubModules.All(), Console.Out).RunAsync(cancellationToken);
            Console.WriteLine($"hub {result.HubMessagesPerSecond:0} msg/s vs raw {result.RawMessagesPerSecond:0} msg/s: ratio {result.Ratio:0.00}" +
                (result.RoundRatios.Count > 1 ? $" (median of {string.Join(" ", result.RoundRatios.Select(r => r.ToString("0.00")))})" : "") +
                $"; hub p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms");
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
                {
                    ["hub_msgs_per_s"] = Math.Round(result.HubMessagesPerSecond, 1),
                    ["raw_msgs_per_s"] = Math.Round(result.RawMessagesPerSecond, 1),
                    ["ratio"] = Math.Round(result.Ratio, 3),
                    ["p50_ms"] = Math.Round(result.P50Ms, 2),
                    ["p99_ms"] = Math.Round(result.P99Ms, 2),
                    ["rounds"] = result.RoundRatios.Count,
                }));
            }

            return 0;
        });
        return command;
    }
}
