using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>
/// The scheduler as handlers use it: timers set or cancelled while a message is handled take effect once the handler
/// has finished, when the message's scope ends (after the hub committed its unit of work). The hub's scheduler writes
/// to the hub's database on a connection of its own; on SQLite that waits for the handler's open write transaction,
/// so calling it from inside the handler blocks until the handler times out. Timer handlers re-check the state they
/// act on, so a timer left behind by a handler that failed afterwards does nothing.
/// </summary>
public sealed class AfterCommitScheduler(IPluginScheduler scheduler, ILogger<AfterCommitScheduler> logger) : IPluginScheduler, IAsyncDisposable
{
    private readonly List<(string Key, Func<CancellationToken, Task> Apply)> _pending = [];
    private bool _completed;

    public Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        _pending.Add((key, ct => scheduler.ScheduleAsync(key, at, message, ct)));
        return Task.CompletedTask;
    }

    public Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class
    {
        _pending.Add((key, ct => scheduler.ScheduleCronAsync(key, cron, message, ct)));
        return Task.CompletedTask;
    }

    public Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default)
    {
        _pending.Add((key, ct => scheduler.CancelAsync(key, ct)));
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default) => scheduler.ListAsync(cancellationToken);

    /// <summary>The handler finished without throwing: its timer changes are applied when the scope ends.</summary>
    public void Complete() => _completed = true;

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            return;
        }

        foreach (var (key, apply) in _pending)
        {
            try
            {
                await apply(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Timer {Key} could not be updated after the handler committed", key);
            }
        }

        _pending.Clear();
    }
}

/// <summary>Runs a handler, then lets its timer changes through (see <see cref="AfterCommitScheduler"/>).</summary>
public sealed class AfterCommit<TMessage, THandler>(THandler handler, AfterCommitScheduler timers) : IHandle<TMessage>
    where TMessage : class
    where THandler : IHandle<TMessage>
{
    public async Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken)
    {
        await handler.HandleAsync(message, context, cancellationToken);
        timers.Complete();
    }
}
