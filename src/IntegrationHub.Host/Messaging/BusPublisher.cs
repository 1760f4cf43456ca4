using IntegrationHub.Contracts.Plugins;
using MassTransit;

namespace IntegrationHub.Host.Messaging;

/// <summary>Publishes straight to the bus: for code outside a handler (HTTP endpoints, start-up, the outbox dispatcher).</summary>
internal sealed class BusPublisher(IPublishEndpoint bus, ContractRegistry contracts, string? sourcePlugin = null) : IMessagePublisher
{
    public Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        var type = message.GetType();
        contracts.NameOf(type);
        return bus.Publish(message, type, context =>
        {
            if (sourcePlugin is not null)
            {
                context.Headers.Set(HubHeaders.SourcePlugin, sourcePlugin);
            }
        }, cancellationToken);
    }
}
