using System.CommandLine;
using IntegrationHub.Host;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub worker perception|reasoning</c>: one shared worker as its own process (<see cref="WorkerHost"/>), consuming
/// its queue on RabbitMQ beside any number of others (competing consumers). It needs only <c>Hub:Bus:*</c>: no
/// database, no plugins, no API but health and metrics.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The worker to run: " + string.Join(", ", HubModules.Workers().Keys) };
        var command = new Command("worker", "Run one shared worker as a separate, scalable process.") { name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var worker = parse.GetValue(name)!;
            if (!HubModules.Workers().TryGetValue(worker, out var module))
            {
                await Console.Error.WriteLineAsync($"Unknown worker '{worker}'. Known: {string.Join(", ", HubModules.Workers().Keys)}");
                return 2;
            }

            var app = WorkerHost.Build([.. parse.UnmatchedTokens], [module]);
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
