using System.CommandLine;
using IntegrationHub.Benchmarks;
using IntegrationHub.Cli.Composition;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench perception --model NAME [--json]</c> (see <see cref="PerceptionBenchmark"/>).</summary>
public static class BenchPerceptionCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model name (embed, classify or YOLO detect).", DefaultValueFactory = _ => "resnet18-features" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measured run.", DefaultValueFactory = _ => 4 };
        var clients = new Option<int[]>("--clients") { Description = "Concurrent clients per run.", AllowMultipleArgumentsPerToken = true };
        var bus = PerceiveCommand.PerceptionBusOption();
        var rabbit = PerceiveCommand.RabbitOption();
        var json = CliOptions.Json();
        var command = new Command("perception", "Perception through the bus (1/4/16 clients, batching on/off) vs a bare InferenceSession.Run loop.") { model, seconds, clients, bus, rabbit, json };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
            await PerceptionBenchmark.RunAsync(
                new BenchSettings(parse.GetValue(model)!, parse.GetValue(json), parse.GetValue(bus)!, parse.GetValue(seconds), parse.GetValue(clients)),
                CliOptions.Configuration(parse.UnmatchedTokens, parse.GetValue(rabbit), parse.GetValue(bus)),
                (configuration, ct) => CliWorkerBus.StartAsync(configuration, new PerceptionModule(), workerHere: true, ct),
                Console.Out, cancellationToken));
        return command;
    }
}
