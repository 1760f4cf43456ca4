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
    private const string Help = """
        Run the hub. With no configuration: in-memory bus, SQLite under data/, bundled plugins, demo data,
        listening on http://127.0.0.1:5080 (API key demo-key).

        Any setting can be given as --Key=value (or the environment variable Key with __ for :), over appsettings.json:
          --urls=http://0.0.0.0:5080                         where the API listens
          --Hub:Bus:Transport=RabbitMq                       InMemory (default) or RabbitMq, with --Hub:Bus:RabbitMq:Host=…
          --Hub:Storage:Provider=PostgreSql                  Sqlite (default, data/hub.sqlite) or PostgreSql,
          --Hub:Storage:ConnectionString="Host=…;…"            with its connection string
          --Hub:DataDirectory=data                           SQLite file and plugin data
          --Hub:PluginsPath=PATH                             folder of plugin folders (default plugins/ beside hub.dll)
          --Hub:InProcessWorkers=false                       workers run as 'hub worker NAME' processes instead
          --Hub:Api:Keys:0:Name=ops --Hub:Api:Keys:0:Sha256=…  API keys by SHA-256 (echo -n KEY | sha256sum)
          --Hub:Ingest:MaxEventBytes=262144                  largest event POST /api/events accepts
          --Plugins:NAME:Enabled=false                       switch a plugin off
        docs/configuration.md lists every key.
        """;

    public static Command Create()
    {
        var command = new Command("run", Help);
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
