using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using IntegrationHub.Host.Monitoring;
using MassTransit;

namespace IntegrationHub.Host;

/// <summary>
/// The one bus setup every hub process uses (the hub runtime, <c>hub worker NAME</c>, and the CLI paths that talk to
/// workers): transport from <c>Hub:Bus</c>, exchanges named after contract names, quorum queues on RabbitMQ,
/// publisher confirms, <see cref="IContractPublisher"/> for contract messages, and <see cref="IWorkerClient"/> for
/// requests to workers.
/// </summary>
public static class HubBusComposition
{
    public static IServiceCollection AddHubBus(this IServiceCollection services, HubOptions hub, IReadOnlyList<IHubModule> modules)
    {
        services.AddSingleton<ContractRegistry>();
        services.AddSingleton<QueueAddresses>();
        services.AddSingleton<ReceiveEndpointConventions>();
        services.AddSingleton<BusWorkerClient>();
        services.AddSingleton<IWorkerClient>(sp => sp.GetRequiredService<BusWorkerClient>());
        if (hub.Bus.Transport == BusTransport.RabbitMq)
        {
            services.AddSingleton<IContractPublisher, RabbitMqContractPublisher>();
        }
        else
        {
            services.AddSingleton<IContractPublisher, BusContractPublisher>();
        }

        services.AddBusMonitoring();
        services.AddMassTransit(bus =>
        {
            UsageTelemetryPolicy.Apply(bus, hub.Bus.UsageTelemetry);
            foreach (var module in modules)
            {
                module.ConfigureBus(bus);
            }

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                context.GetRequiredService<ReceiveEndpointConventions>().Apply(endpoint);
                context.GetRequiredService<ModuleQueues>().Add(name);
            });
            if (hub.Bus.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = hub.Bus.RabbitMq;
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = true;
                    });
                    ConfigureWire(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    ConfigureWire(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>
    /// Exchanges named after contract names, and messages on the wire as their contract's JSON alone with MassTransit's
    /// envelope fields (ids, message type, addresses) in transport headers: the envelope (host details, addresses and
    /// headers inside the body) cost a fifth of the hub's CPU per message and more broker work per byte
    /// (docs/benchmarks.md). Enveloped messages from older hubs and from tools are still read.
    /// </summary>
    private static void ConfigureWire(IBusRegistrationContext context, IBusFactoryConfigurator cfg)
    {
        cfg.MessageTopology.SetEntityNameFormatter(new ContractEntityNameFormatter(context.GetRequiredService<ContractRegistry>(), cfg.MessageTopology.EntityNameFormatter));
        cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders);
    }
}
