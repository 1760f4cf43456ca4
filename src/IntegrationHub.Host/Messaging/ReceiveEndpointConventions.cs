using IntegrationHub.Host.Configuration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// What every receive endpoint of a hub process gets, whether MassTransit declares it at start (workers, modules)
/// or the plugin manager connects it at run time: a quorum queue on RabbitMQ, and the error store in the error pipe.
/// </summary>
internal sealed class ReceiveEndpointConventions(IOptions<HubOptions> options, ErrorStoreFilterInstaller? errorStore = null)
{
    public void Apply(IReceiveEndpointConfigurator endpoint)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && options.Value.Bus.RabbitMq.QuorumQueues)
        {
            rabbit.SetQuorumQueue();
        }

        // Only the hub runtime has an error store (it has the database); a worker host's failed messages go to
        // the transport's error queue alone.
        errorStore?.Install(endpoint);
    }
}
