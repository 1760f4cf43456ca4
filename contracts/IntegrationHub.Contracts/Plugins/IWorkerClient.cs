using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Request/response with the shared workers (perception, reasoning) and with other plugins' answers.
/// The request goes over the bus to whichever worker instance is free; a worker that does not answer within
/// the timeout (default 30 s) raises <see cref="TimeoutException"/>.
/// </summary>
public interface IWorkerClient
{
    Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TRequest : class, IRequest<TReply>
        where TReply : class;
}
