using System.Diagnostics;
using IntegrationHub.Host.Telemetry;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// A span per attempt of a plugin's handler (a child of MassTransit's consume span; gate, inbox and commit
/// included), and on success the handler latency and the message's age.
/// </summary>
internal sealed class AttemptTelemetryFilter(HubMetrics metrics) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        var started = Stopwatch.GetTimestamp();
        using (var activity = metrics.Activities.StartActivity($"{context.PluginId} handle {context.Contract}"))
        {
            activity?.SetTag("hub.plugin", context.PluginId);
            activity?.SetTag("hub.contract", context.Contract);
            activity?.SetTag("hub.attempt", context.Attempt);
            await next(context);
        }

        metrics.Consumed(context.Contract, context.PluginId, Stopwatch.GetElapsedTime(started));
        if (context.Incoming.SentTime is { } sent)
        {
            metrics.Age(context.Contract, context.PluginId, DateTime.UtcNow - sent);
        }
    }
}
