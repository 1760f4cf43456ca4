using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// The retry policy: a failed attempt is tried again straight away (<c>Hub:Bus:ImmediateRetries</c>), then the
/// message is redelivered later through the scheduler (<c>Hub:Bus:RedeliveryDelays</c>; not for requests, whose
/// caller waits), then the failure goes on to the error pipe. A malformed message is never retried.
/// </summary>
internal sealed class RetryFilter(RedeliveryScheduler redelivery, HubMetrics metrics, IOptions<HubOptions> options, ILogger<RetryFilter> logger) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        var bus = options.Value.Bus;
        var redeliveries = context.Incoming.Redelivery;
        for (var retry = 0; ; retry++)
        {
            context.Attempt = (redeliveries * (bus.ImmediateRetries + 1)) + retry + 1;
            context.Outcome = DispatchOutcome.None;
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (e is not MalformedMessageException && retry < bus.ImmediateRetries && !context.CancellationToken.IsCancellationRequested)
            {
                metrics.Retried(context.Contract, context.PluginId);
                logger.LogWarning(e, "{Plugin} failed on {Contract} {MessageId} (attempt {Attempt}); retrying", context.PluginId, context.Contract, context.MessageId, context.Attempt);
            }
            catch (Exception e) when (e is not MalformedMessageException && !context.IsRequest && redeliveries < bus.Redeliveries.Count)
            {
                metrics.Retried(context.Contract, context.PluginId);
                var delay = bus.Redeliveries[redeliveries];
                logger.LogWarning(e, "{Plugin} failed on {Contract} {MessageId} (attempt {Attempt}); redelivering in {Delay}", context.PluginId, context.Contract, context.MessageId, context.Attempt, delay);
                await redelivery.ScheduleAsync(context.Incoming, context.Message, context.MessageType, redeliveries + 1, delay);
                context.Outcome = DispatchOutcome.Redelivering;
                return;
            }
        }
    }
}
