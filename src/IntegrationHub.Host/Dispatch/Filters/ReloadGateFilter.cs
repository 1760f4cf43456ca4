namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Waits at the plugin's reload gate and holds a lease on the loaded plugin for the attempt, so a reload drains
/// in-flight handlers before it swaps the load context; finds the handler the loaded plugin declares.
/// </summary>
internal sealed class ReloadGateFilter : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        using var lease = await context.Runtime.EnterAsync(context.CancellationToken);
        if (!lease.Plugin.Handlers.TryGetValue(context.MessageType, out var binding))
        {
            throw new InvalidOperationException($"Plugin '{context.PluginId}' no longer handles {context.Contract} (changed by a reload).");
        }

        context.Plugin = lease.Plugin;
        context.Binding = binding;
        try
        {
            await next(context);
        }
        finally
        {
            context.Plugin = null;
            context.Binding = null;
        }
    }
}
