using IntegrationHub.Perception.Consumers;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
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
        services.AddSingleton<IPerceptionService, PerceptionService>();
        return services;
    }

    /// <summary>The four request consumers on the one <c>perception</c> endpoint.</summary>
    public static IBusRegistrationConfigurator AddPerceptionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DetectConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<ClassifyConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<ReadTextConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<EmbedConsumer>().Endpoint(e => e.Name = EndpointName);
        return bus;
    }
}
