namespace IntegrationHub.Contracts.Plugins;

/// <summary>Publishes contract events and sends contract commands over the hub's bus.</summary>
public interface IMessagePublisher
{
    /// <summary>Publish an event to every subscriber.</summary>
    Task PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : class;
}
