using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// The loop every port's dispatcher runs: a round of claimed work, then straight on while rounds come back full,
/// else a wait for a commit's signal or the poll interval. A failed round is tried again at the next poll; a run of
/// them is logged once with its exception, then every 10 s, and when it ends.
/// </summary>
/// <remarks>
/// It begins once the hub has started (bus up, plugins subscribed): what a hub committed before it crashed is then
/// dispatched into a bus whose plugin queues exist, rather than published to no subscriber during start-up.
/// </remarks>
internal abstract class OutboxPortDispatcher(OutboxSignal signal, IOptions<OutboxOptions> options, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    protected OutboxOptions Settings => options.Value;

    /// <summary>The port this dispatcher drains (whose commits wake it).</summary>
    protected abstract OutboxPort Port { get; }

    /// <summary>Works one batch; true when it was full, so more may be due at once.</summary>
    protected abstract Task<bool> DispatchRoundAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await HubStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var failures = new FailedRounds(logger, GetType().Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next(Port);
            try
            {
                var full = await DispatchRoundAsync(stoppingToken);
                failures.Passed();
                if (full)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures.Failed(e);
            }

            try
            {
                await wake.WaitAsync(Settings.PollInterval, stoppingToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Works claimed rows at most <see cref="OutboxOptions.Parallelism"/> at once, renewing their claims until each is
    /// done; rows left unfinished (the hub stopping) are released for another instance.
    /// </summary>
    protected async Task WorkInParallelAsync<TEntry>(
        IOutboxLeases store, IReadOnlyList<TEntry> claimed, Func<TEntry, Guid> id, Func<TEntry, CancellationToken, ValueTask> work, CancellationToken cancellationToken)
    {
        await using var leases = ClaimLeaseKeeper.Hold(store, claimed.Select(id), Settings.ClaimLease, logger);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = Settings.Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                await work(entry, token);
                leases.Done(id(entry));
            });
    }

    /// <summary>
    /// Logs a run of failed rounds without flooding the log (while the database is down every round fails, several
    /// times a second): the first with its exception, then one line every <see cref="Repeat"/>, and the recovery.
    /// </summary>
    private sealed class FailedRounds(ILogger logger, string dispatcher)
    {
        private static readonly TimeSpan Repeat = TimeSpan.FromSeconds(10);
        private int _count;
        private DateTimeOffset _since;
        private DateTimeOffset _logged;

        public void Failed(Exception e)
        {
            var now = DateTimeOffset.UtcNow;
            if (_count++ == 0)
            {
                _since = _logged = now;
                logger.LogError(e, "{Dispatcher} round failed; trying again each poll interval", dispatcher);
            }
            else if (now - _logged >= Repeat)
            {
                _logged = now;
                logger.LogError("{Dispatcher} still failing: {Failures} rounds in {Seconds:0} s, the last with {Error}", dispatcher, _count, (now - _since).TotalSeconds, e.Message);
            }
        }

        public void Passed()
        {
            if (_count > 0)
            {
                logger.LogInformation("{Dispatcher} works again after {Failures} failed rounds in {Seconds:0.0} s", dispatcher, _count, (DateTimeOffset.UtcNow - _since).TotalSeconds);
                _count = 0;
            }
        }
    }

    private async Task HubStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
