using IntegrationHub.Host.Messaging;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Holds a message whose attempt failed while the hub's own database is unreachable, and tries it again once the
/// database answers: an outage of the store is not the message's fault, so it uses up no attempt and no redelivery.
/// It could not use a redelivery anyway: that is stored in the same database (Quartz), so the retry policy would
/// send the message to the error queue, and an event the API had accepted would never be handled.
/// While held the message stays unacknowledged (a stopping hub leaves it in its queue). Requests are not held: their
/// caller waits, and gets the failure at once.
/// </summary>
internal sealed class StoreOutageFilter(HubDatabase database, ILogger<StoreOutageFilter> logger) : IDispatchFilter
{
    private static readonly TimeSpan FirstProbeDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxProbeDelay = TimeSpan.FromSeconds(2);

    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        while (true)
        {
            Exception? outage;
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (e is not MalformedMessageException && !context.IsRequest && !context.CancellationToken.IsCancellationRequested)
            {
                outage = await database.UnreachableAsync(context.CancellationToken);
                if (outage is null)
                {
                    throw; // the store answers: the failure is the message's own, for the retry policy
                }

                logger.LogWarning(
                    "{Plugin} could not handle {Contract} {MessageId} (attempt {Attempt}: {Error}) while the hub's database is unreachable ({Outage}); holding it until the database answers",
                    context.PluginId, context.Contract, context.MessageId, context.Attempt, e.Message, outage.Message);
            }

            var held = System.Diagnostics.Stopwatch.StartNew();
            await WaitForStoreAsync(context.CancellationToken);
            logger.LogInformation("The hub's database answers again after {Held:0.0} s; trying {MessageId} again", held.Elapsed.TotalSeconds, context.MessageId);
            context.Outcome = DispatchOutcome.None;
        }
    }

    private async Task WaitForStoreAsync(CancellationToken cancellationToken)
    {
        for (var delay = FirstProbeDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxProbeDelay.Ticks)))
        {
            await Task.Delay(delay, cancellationToken);
            if (await database.UnreachableAsync(cancellationToken) is null)
            {
                return;
            }
        }
    }
}
