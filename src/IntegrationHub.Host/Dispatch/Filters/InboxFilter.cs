using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Inbox;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Idempotency: records in the unit of work that the plugin handles this message (by its business key, else its
/// id); a message it has handled before is acknowledged without running the handler again. Requests skip it.
/// </summary>
internal sealed class InboxFilter(InboxStore inbox, HubMetrics metrics, ILogger<InboxFilter> logger) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        if (!context.IsRequest)
        {
            var key = context.Message is IHasBusinessKey keyed ? $"key:{context.Contract}:{keyed.BusinessKey}" : $"id:{context.MessageId}";
            if (!await inbox.TryRecordAsync(context.Work!.Transaction, context.PluginId, key, context.Contract))
            {
                metrics.Duplicate(context.Contract, context.PluginId);
                logger.LogInformation("{Plugin} already handled {Contract} {Key}; acknowledging the duplicate", context.PluginId, context.Contract, key);
                context.Outcome = DispatchOutcome.Duplicate;
                return;
            }
        }

        await next(context);
    }
}
