using System.CommandLine;
using IntegrationHub.Host;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub run</c>: the hub runtime (API, bus, plugins, stores, outbox, scheduler, connectors), with the workers in
/// process unless <c>Hub:InProcessWorkers</c> is false; configured by appsettings and environment.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the hub. With no configuration: in-memory bus, SQLite under data/, bundled plugins, demo data.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = HubRuntime.Build([.. parse.UnmatchedTokens], HubModules.All());
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
