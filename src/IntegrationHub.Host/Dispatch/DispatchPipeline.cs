namespace IntegrationHub.Host.Dispatch;

/// <summary>The rest of the pipeline, as a filter sees it.</summary>
internal delegate Task DispatchStep(DispatchContext context);

/// <summary>One concern of dispatching a message to a plugin handler; calls <c>next</c> to go on (or not, to stop there).</summary>
internal interface IDispatchFilter
{
    Task InvokeAsync(DispatchContext context, DispatchStep next);
}

/// <summary>The dispatch filters in order, outermost first, ending in the handler call.</summary>
internal sealed class DispatchPipeline
{
    private readonly DispatchStep _first;

    public DispatchPipeline(IReadOnlyList<IDispatchFilter> filters, HandlerInvoker handler)
    {
        Filters = filters;
        DispatchStep next = handler.InvokeAsync;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var inner = next;
            next = context => filter.InvokeAsync(context, inner);
        }

        _first = next;
    }

    public IReadOnlyList<IDispatchFilter> Filters { get; }

    public Task RunAsync(DispatchContext context) => _first(context);
}
