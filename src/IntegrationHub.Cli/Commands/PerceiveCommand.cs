using System.CommandLine;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Perception.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub perceive detect|classify|read-text|embed IMAGE... [--model NAME] [--json] [--bus inmemory|rabbitmq]</c> (see <see cref="PerceptionCli"/>).</summary>
public static class PerceiveCommand
{
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "detect, classify, read-text or embed." };
        task.AcceptOnlyFromAmong(PerceptionCli.Tasks);
        var images = new Argument<string[]>("images") { Description = "Image files.", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string?>("--model") { Description = "Model name (a manifest in the models folder); read-text and embed have defaults." };
        var classes = new Option<string[]>("--classes") { Description = "Class names for an open-vocabulary detector.", AllowMultipleArgumentsPerToken = true };
        var bus = PerceptionBusOption();
        var rabbit = RabbitOption();
        var json = CliOptions.Json();
        var command = new Command("perceive", "Run a perception request through the bus, as a plugin would.") { task, images, model, classes, bus, rabbit, json };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = await PerceptionCli.ReadRequestAsync(parse.GetValue(task)!, parse.GetValue(images)!, parse.GetValue(model), parse.GetValue(classes), Console.Error, cancellationToken);
            if (request is null)
            {
                return 2;
            }

            var configuration = CliOptions.Configuration(parse.UnmatchedTokens, parse.GetValue(rabbit), parse.GetValue(bus));
            var host = await CliWorkerBus.StartAsync(configuration, new PerceptionModule(), workerHere: false, cancellationToken);
            try
            {
                return await PerceptionCli.PerceiveAsync(request, parse.GetValue(json), host.Services.GetRequiredService<IWorkerClient>(), Console.Out, Console.Error, cancellationToken);
            }
            finally
            {
                await CliWorkerBus.StopAsync(host);
            }
        });
        return command;
    }

    internal static Option<string> PerceptionBusOption()
    {
        var bus = new Option<string>("--bus") { Description = "inmemory (consumers in this process) or rabbitmq (a running hub worker perception answers).", DefaultValueFactory = _ => "inmemory" };
        bus.AcceptOnlyFromAmong("inmemory", "rabbitmq");
        return bus;
    }

    internal static Option<string?> RabbitOption() => new("--rabbitmq") { Description = "Broker URI for --bus rabbitmq (default: Hub:Bus:RabbitMq settings, else amqp://guest:guest@127.0.0.1:5672/)." };
}
