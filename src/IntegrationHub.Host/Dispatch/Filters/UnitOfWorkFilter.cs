using IntegrationHub.Host.Outbox;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Runs the rest of the attempt in one <see cref="HandlerUnitOfWork"/> and commits it (inbox record, store writes and
/// the outbox's three ports together), which wakes the outbox dispatchers. An exception rolls it all back.
/// </summary>
internal sealed class UnitOfWorkFilter(OutboxPorts outbox) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        await using var work = await outbox.BeginAsync(context.PluginId, context.MessageId, context.CancellationToken);
        context.Work = work;
        try
        {
            await next(context);
            await work.CommitAsync(context.CancellationToken);
        }
        finally
        {
            context.Work = null;
        }
    }
}
