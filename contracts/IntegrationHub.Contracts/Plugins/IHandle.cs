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

/// <summary>
/// Handles one contract event or command in two steps, so slow work that needs no store — a worker request, reading a
/// file — holds no database transaction (on SQLite the hub's single writer) while it waits: the hub calls
/// <see cref="PrepareAsync"/> before the message's unit of work begins, then <see cref="HandleAsync"/> inside it with
/// what was prepared. Prepare runs again on every attempt, also for a message the inbox then finds handled before, so
/// it must change nothing: writes and publishes belong in <see cref="HandleAsync"/>, through its context.
/// </summary>
public interface IPrepareAndHandle<in TMessage, TPrepared> where TMessage : class
{
    Task<TPrepared> PrepareAsync(TMessage message, CancellationToken cancellationToken);

    Task HandleAsync(TMessage message, TPrepared prepared, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Runs both steps of an <see cref="IPrepareAndHandle{TMessage, TPrepared}"/> inside the unit of work: what a plugin
/// builder that cannot prepare outside it (a test harness) registers instead.
/// </summary>
public sealed class PrepareInline<TMessage, TPrepared, THandler>(THandler handler) : IHandle<TMessage>
    where TMessage : class
    where THandler : class, IPrepareAndHandle<TMessage, TPrepared>
{
    public async Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken) =>
        await handler.HandleAsync(message, await handler.PrepareAsync(message, cancellationToken), context, cancellationToken);
}

/// <summary>Answers a contract request. The reply is sent after the handler's unit of work commits.</summary>
public interface IHandleRequest<in TRequest, TReply>
    where TRequest : class, IRequest<TReply>
    where TReply : class
{
    Task<TReply> HandleAsync(TRequest request, MessageContext context, CancellationToken cancellationToken);
}
