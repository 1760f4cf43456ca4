using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Inbound;

/// <summary>
/// Receives the connectors' generic events and publishes the power events they mean (in the handler's unit of work),
/// which this plugin's own handlers then take like any other sender's.
/// </summary>
public sealed class ConnectorEventHandlers(ConnectorEventMapper mapper, ILogger<ConnectorEventHandlers> logger) :
    IHandle<ConnectorCallbackReceived>,
    IHandle<InterfaceRowChanged>
{
    public Task HandleAsync(ConnectorCallbackReceived message, MessageContext context, CancellationToken cancellationToken) =>
        PublishAsync(mapper.Map(message), message.Connector, message.Operation, context, cancellationToken);

    public Task HandleAsync(InterfaceRowChanged message, MessageContext context, CancellationToken cancellationToken) =>
        PublishAsync(mapper.Map(message), message.Connector, message.Table, context, cancellationToken);

    private async Task PublishAsync(object? mapped, string connector, string what, MessageContext context, CancellationToken cancellationToken)
    {
        if (mapped is null)
        {
            logger.LogDebug("{What} of connector {Connector} is not the power plugin's; ignored", what, connector);
            return;
        }

        await context.Publisher.PublishAsync(mapped, cancellationToken);
    }
}
