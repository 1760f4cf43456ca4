using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// The loop every port's dispatcher runs: a round of claimed work, then straight on while rounds come back full,
/// else a wait for a commit's signal or the poll interval. A failed round is logged and tried again.
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

        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next(Port);
            try
            {
                if (await DispatchRoundAsync(stoppingToken))
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
                logger.LogError(e, "{Dispatcher} round failed; trying again shortly", GetType().Name);
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

    private async Task HubStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
