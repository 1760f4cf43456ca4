using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Inbox;
using MassTransit;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Idempotency: records in the unit of work that the plugin handles this message (by its business key, else its
/// id); a message it has handled before is acknowledged without its effects being applied again. Requests skip it.
/// A group commit records the inbox entries of all its messages as it commits (<see cref="Outbox.HandlerUnitOfWork.HandleAsNew"/>):
/// there a message handled before may run its handler once more, but that run's work is rolled back with its batch,
/// and the message, run again alone, is acknowledged here as a duplicate.
/// </summary>
internal sealed class InboxFilter(InboxStore inbox, HubMetrics metrics, ILogger<InboxFilter> logger) : IDispatchFilter
{
    /// <summary>What the inbox records for <paramref name="context"/>'s message; null for a request.</summary>
    public static InboxEntry? EntryOf(DispatchContext context) =>
        context.IsRequest
            ? null
            : new InboxEntry(context.PluginId, context.Message is IHasBusinessKey keyed ? $"key:{context.Contract}:{keyed.BusinessKey}" : IdKey(context.MessageId), context.Contract);

    /// <summary>
    /// A message id as the inbox keys it: its NewId in sequential form, so that ids (which carry their time) sort by
    /// time and a new record lands at the end of the key's index instead of at a random page of it. Another id is
    /// just as unique in that form.
    /// </summary>
    public static string IdKey(Guid messageId) => $"id:{NewId.FromGuid(messageId).ToString("DS")}";

    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        if (!context.IsRequest && !await RecordAsync(context))
        {
            var key = EntryOf(context)!.MessageKey;
            metrics.Duplicate(context.Contract, context.PluginId);
            logger.LogInformation("{Plugin} already handled {Contract} {Key}; acknowledging the duplicate", context.PluginId, context.Contract, key);
            context.Outcome = DispatchOutcome.Duplicate;
            return;
        }

        await next(context);
    }

    /// <summary>Whether the message is new to the plugin: as its group commit decided (its commit records the entry), else recorded here.</summary>
    private async Task<bool> RecordAsync(DispatchContext context)
    {
        var work = context.Work!;
        if (work.HandleAsNew is { } handleAsNew)
        {
            return handleAsNew;
        }

        var entry = EntryOf(context)!;
        return await inbox.TryRecordAsync(work.Transaction, entry.Consumer, entry.MessageKey, entry.MessageType);
    }
}
