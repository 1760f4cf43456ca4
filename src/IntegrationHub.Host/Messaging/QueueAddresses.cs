using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Where to send a message meant for one endpoint's queue. On RabbitMQ the hub sends to the endpoint's exchange
/// (same name, bound to the queue): a <c>queue:</c> address would make MassTransit declare the queue with default
/// arguments, which RabbitMQ refuses for the hub's quorum queues.
/// </summary>
public sealed class QueueAddresses(IOptions<HubOptions> options)
{
    public Uri For(string queue) => options.Value.Bus.Transport == BusTransport.RabbitMq
        ? new Uri($"exchange:{queue}")
        : new Uri($"queue:{queue}");
}
