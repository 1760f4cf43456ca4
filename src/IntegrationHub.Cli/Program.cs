using System.CommandLine;
using IntegrationHub.Cli.Commands;
using IntegrationHub.Cli.Failures;

// Each command lives in Commands/ and builds its own System.CommandLine Command; register it here with one line.
var root = new RootCommand("IntegrationHub: connects AI perception and reasoning to business systems.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(PluginsCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(ErrorsCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(PerceiveCommand.Create());
root.Subcommands.Add(AskCommand.Create());
root.Subcommands.Add(ReasonCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(TrainCommand.Create());

var bench = new Command("bench", "Benchmarks, printed as ratios against a baseline run in the same process.");
bench.Subcommands.Add(BenchBusCommand.Create());
bench.Subcommands.Add(BenchPerceptionCommand.Create());
bench.Subcommands.Add(BenchReasoningCommand.Create());
bench.Subcommands.Add(BenchQueryCommand.Create());
bench.Subcommands.Add(BenchInspectionCommand.Create());
bench.Subcommands.Add(BenchE2eCommand.Create());
root.Subcommands.Add(bench);

// One line per failure with what to do, documented exit codes, stack traces only with --verbose.
return await CliInvocation.RunAsync(root, args);
