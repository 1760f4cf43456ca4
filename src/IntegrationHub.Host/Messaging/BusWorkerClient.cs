using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Messaging;

/// <summary>Request/response over the bus with MassTransit's request client; whichever worker instance is free answers.</summary>
internal sealed class BusWorkerClient(IClientFactory clients, ContractRegistry contracts, IOptions<HubOptions> options) : IWorkerClient
{
    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRequest : class, IRequest<TReply>
        where TReply : class
    {
        contracts.NameOf(typeof(TRequest));
        var client = clients.CreateRequestClient<TRequest>(RequestTimeout.After(ms: (int)(timeout ?? options.Value.Bus.RequestTimeout).TotalMilliseconds));
        try
        {
            var response = await client.GetResponse<TReply>(request, cancellationToken);
            return response.Message;
        }
        catch (RequestTimeoutException e)
        {
            throw new TimeoutException($"No reply to {contracts.NameOf(typeof(TRequest))} within {timeout ?? options.Value.Bus.RequestTimeout}.", e);
        }
    }
}
