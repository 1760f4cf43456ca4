using MassTransit;

namespace IntegrationHub.Host;

/// <summary>
/// A part of the hub composed in by the entry point (the perception and reasoning workers, data sources, demo
/// data): its services, and its bus consumers. <c>hub run</c> composes them all; <c>hub worker perception</c> only one.
/// </summary>
public interface IHubModule
{
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    void ConfigureBus(IBusRegistrationConfigurator bus)
    {
    }
}

/// <summary>A shared worker (perception, reasoning): left out of <c>hub run</c> when <c>Hub:InProcessWorkers</c> is false.</summary>
public interface IHubWorkerModule : IHubModule;
