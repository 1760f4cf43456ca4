using IntegrationHub.Host.Telemetry;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>Counts a message that failed its last attempt (it goes on to the error store and queue).</summary>
internal sealed class MessageMetricsFilter(HubMetrics metrics) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        try
        {
            await next(context);
        }
        catch (Exception)
        {
            metrics.Failed(context.Contract, context.PluginId);
            throw;
        }
    }
}
