using System.Text.Json;
using MassTransit;

namespace IntegrationHub.Host.Messaging.Publishing;

/// <summary>
/// <see cref="IContractPublisher"/> through MassTransit's publish pipe: for the in-memory bus of an embedded hub, which
/// has no broker to talk to directly.
/// </summary>
internal sealed class BusContractPublisher(IServiceProvider services) : IContractPublisher
{
    public Task PublishAsync(ContractMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Deserialize(message.Json.Span, message.Type, ContractJson.Options)
            ?? throw new JsonException($"The stored {message.Contract} message {message.MessageId} is JSON null.");
        // Resolved when used: the bus is composed after the outbox that publishes through this.
        return services.GetRequiredService<IPublishEndpoint>().Publish(body, message.Type, context =>
        {
            context.MessageId = message.MessageId;
            foreach (var (name, value) in message.Headers)
            {
                context.Headers.Set(name, value);
            }
        }, cancellationToken);
    }
}
