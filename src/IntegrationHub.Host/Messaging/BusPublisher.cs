using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging.Publishing;

namespace IntegrationHub.Host.Messaging;

/// <summary>Publishes straight to the bus: for a plugin's code outside a handler (HTTP endpoints, start-up).</summary>
internal sealed class BusPublisher(IContractPublisher publisher, ContractRegistry contracts, string sourcePlugin) : IMessagePublisher
{
    public Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class =>
        publisher.PublishAsync(ContractMessage.Of(message, contracts, new Dictionary<string, string> { [HubHeaders.SourcePlugin] = sourcePlugin }), cancellationToken);
}
