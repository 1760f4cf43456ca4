using MassTransit;

namespace IntegrationHub.Connectors;

/// <summary>Where inbound callbacks and polled status changes go: the hub's bus (MassTransit) by default.</summary>
public interface IConnectorEventSink
{
    Task PublishAsync(object message, CancellationToken cancellationToken);
}

internal sealed class BusEventSink(IPublishEndpoint publish) : IConnectorEventSink
{
    public Task PublishAsync(object message, CancellationToken cancellationToken) =>
        publish.Publish(message, message.GetType(), cancellationToken);
}
