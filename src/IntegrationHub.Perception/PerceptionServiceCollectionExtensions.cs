using IntegrationHub.Perception.Consumers;
using IntegrationHub.Perception.Detectors;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using IntegrationHub.Perception.Tasks;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Perception;

public static class PerceptionServiceCollectionExtensions
{
    /// <summary>The queue every perception consumer shares; run more worker processes to compete on it.</summary>
    public const string EndpointName = "perception";

    /// <summary>Registers <see cref="IPerceptionService"/> and its engine, options bound from the <c>Perception</c> section.</summary>
    public static IServiceCollection AddPerceptionWorker(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PerceptionOptions.SectionName);
        services.AddOptions<PerceptionOptions>().Configure(o => section.Bind(o));
        services.AddLogging();
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<IOptions<PerceptionOptions>>().Value));
        services.AddSingleton(sp => new ImageLoader(sp.GetRequiredService<IOptions<PerceptionOptions>>().Value));
        services.AddSingleton<SessionFactory>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<ImageRequests>();
        services.AddSingleton<IDetector, OmDetDetector>();
        services.AddSingleton<IDetector, YoloDetector>();
        services.AddSingleton<DetectHandler>();
        services.AddSingleton<ClassifyHandler>();
        services.AddSingleton<EmbedHandler>();
        services.AddSingleton<ReadTextHandler>();
        services.AddSingleton<LocateHandler>();
        services.AddSingleton<MeasureCracksHandler>();
        services.AddSingleton<IPerceptionService, PerceptionService>();
        services.AddHostedService<PerceptionStartup>();
        return services;
    }

    /// <summary>The request consumers (detect, classify, read-text, embed, locate, measure-cracks) on the one <c>perception</c> endpoint.</summary>
    /// <param name="concurrentRequests">
    /// Requests one worker process handles at once (prefetch and concurrency limit of the endpoint): enough for the
    /// micro-batcher to fill its batches while images are decoded in parallel.
    /// </param>
    /// <param name="endpointName">Another queue than <c>perception</c> (tests sharing a broker with a running hub).</param>
    /// <param name="temporary">Auto-delete the queue when the bus stops (tests).</param>
    public static IBusRegistrationConfigurator AddPerceptionConsumers(
        this IBusRegistrationConfigurator bus, int concurrentRequests = 32, string endpointName = EndpointName, bool temporary = false)
    {
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = endpointName;
            e.Temporary = temporary;
            e.PrefetchCount = concurrentRequests;
            e.ConcurrentMessageLimit = concurrentRequests;
        }

        bus.AddConsumer<DetectConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<ClassifyConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<ReadTextConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<EmbedConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<LocateConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<MeasureCracksConsumer>().Endpoint(Endpoint);
        return bus;
    }
}
