using MassTransit;

namespace IntegrationHub.Host;

/// <summary>
/// A part of the hub composed in by the entry point (the perception and reasoning workers, data sources, demo
/// data): its services, and its bus consumers. <see cref="HubRuntime"/> (<c>hub run</c>) composes them all;
/// <see cref="WorkerHost"/> (<c>hub worker perception</c>) only the worker named.
/// </summary>
public interface IHubModule
{
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    void ConfigureBus(IBusRegistrationConfigurator bus)
    {
    }
}

/// <summary>
/// A shared worker (perception, reasoning): what a <see cref="WorkerHost"/> runs; in the hub runtime only when
/// <c>Hub:InProcessWorkers</c> (the default). It needs nothing but the bus: no database, no plugins.
/// </summary>
public interface IHubWorkerModule : IHubModule
{
    /// <summary>The worker's name: what <c>hub worker NAME</c> takes, and what its heartbeat and the console call it.</summary>
    string Role { get; }
}

/// <summary>A module that also adds HTTP endpoints of its own (connector callbacks, for example).</summary>
public interface IHubApiModule : IHubModule
{
    void MapEndpoints(IEndpointRouteBuilder app);
}
