namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Runs a two-step handler's first step (<c>IPrepareAndHandle.PrepareAsync</c>: a worker request, a file read) before
/// the unit of work begins, so no database transaction — on SQLite the one writer — is held while it waits.
/// </summary>
internal sealed class PrepareFilter : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        if (context.Binding!.Prepare is not { } prepare)
        {
            await next(context);
            return;
        }

        context.Prepared = await prepare(context.Plugin!.Services, context.Message, context.CancellationToken);
        try
        {
            await next(context);
        }
        finally
        {
            context.Prepared = null;
        }
    }
}
