using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Handles one contract message type. Handlers must be idempotent in what they do outside the hub;
/// the hub's inbox already guarantees that a redelivered message is not handed to the same handler twice,
/// provided the handler writes its state through <see cref="MessageContext.Store"/> and its side effects
/// through <see cref="MessageContext.Outbox"/> (both commit with the inbox record).
/// Throwing fails the message: it is retried, then moved to the error queue with the exception.
/// </summary>
public interface IHandle<in TMessage> where TMessage : class
{
    Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>Answers a contract request. The reply is sent after the handler's unit of work commits.</summary>
public interface IHandleRequest<in TRequest, TReply>
    where TRequest : class, IRequest<TReply>
    where TReply : class
{
    Task<TReply> HandleAsync(TRequest request, MessageContext context, CancellationToken cancellationToken);
}
