using System.CommandLine;
using IntegrationHub.Benchmarks;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench reasoning [--seconds S] [--clients N] [--json]</c> (see <see cref="ReasoningBenchmark"/>).</summary>
public static class BenchReasoningCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measured run.", DefaultValueFactory = _ => 3 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 4 };
        var json = CliOptions.Json();
        var command = new Command("reasoning", "Offline reasoning skills through the in-memory bus vs calling the engine in process.") { seconds, clients, json };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = CliOptions.Configuration(parse.UnmatchedTokens);
            await ReasoningBenchmark.RunAsync(new ReasoningBenchmark.Settings(parse.GetValue(seconds), Math.Max(1, parse.GetValue(clients)), parse.GetValue(json)),
                configuration, Console.Out, cancellationToken);
            return 0;
        });
        return command;
    }
}
