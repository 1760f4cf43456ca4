using IntegrationHub.Host.Outbox;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Runs the rest of the attempt in one <see cref="HandlerUnitOfWork"/> and commits it (inbox record, store writes and
/// the outbox's three ports together), which wakes the outbox dispatchers. An exception rolls it all back. Messages
/// share their commit with others waiting at the same time (<see cref="UnitOfWorkBatcher"/>); a request commits alone.
/// </summary>
internal sealed class UnitOfWorkFilter(OutboxPorts outbox, UnitOfWorkBatcher batcher) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        try
        {
            if (context.IsRequest || !batcher.Batches)
            {
                await using var work = await outbox.BeginAsync(context.PluginId, context.MessageId, context.CancellationToken);
                context.Work = work;
                await next(context);
                await work.CommitAsync(context.CancellationToken);
            }
            else
            {
                await batcher.RunAsync(context.PluginId, context.MessageId, InboxFilter.EntryOf(context), work =>
                {
                    context.Work = work;
                    return next(context);
                }, context.CancellationToken);
            }
        }
        finally
        {
            context.Work = null;
        }
    }
}
