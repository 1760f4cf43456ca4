using IntegrationHub.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Cli.Composition;

/// <summary>
/// How CLI commands reach a worker: the hub's own bus (<see cref="WorkerHost.StartBusAsync"/>), so queue names,
/// quorum queues and request routing are the hub's. In memory the worker runs in this process; on RabbitMQ the
/// command is a client of the running <c>hub worker</c> processes unless it asks for the worker here too.
/// </summary>
public static class CliWorkerBus
{
    public static Task<IHost> StartAsync(IConfiguration configuration, IHubWorkerModule worker, bool workerHere, CancellationToken cancellationToken)
    {
        var inMemory = !string.Equals(configuration["Hub:Bus:Transport"], "RabbitMq", StringComparison.OrdinalIgnoreCase);
        return WorkerHost.StartBusAsync(configuration, inMemory || workerHere ? [worker] : [], cancellationToken);
    }

    /// <summary>Stops the bus (in-flight requests end) and releases it.</summary>
    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
