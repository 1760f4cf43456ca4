using IntegrationHub.Host.Telemetry;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Outbox.Timers;

/// <summary>Applies a plugin's timer change to the scheduler (implemented by the hub's Quartz scheduling).</summary>
internal interface ITimerChangeApplier
{
    Task ApplyAsync(string plugin, TimerChange change, CancellationToken cancellationToken);
}

/// <summary>
/// Drains the timer port: applies committed timer changes one after another in commit order. A change that fails
/// holds back the ones after it until it is retried (a later change to the same key must not overtake it); one
/// that runs out of attempts goes to the error store and lets the rest go on.
/// </summary>
internal sealed class TimerChangeDispatcher(
    TimerChangeStore outbox,
    ITimerChangeApplier scheduler,
    ErrorStore errors,
    OutboxSignal signal,
    HubMetrics metrics,
    IOptions<OutboxOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<TimerChangeDispatcher> logger) : OutboxPortDispatcher(signal, options, lifetime, logger)
{
    /// <summary>The error store's endpoint for this port.</summary>
    public const string Endpoint = "outbox.timers";

    protected override OutboxPort Port => OutboxPort.Timers;

    protected override async Task<bool> DispatchRoundAsync(CancellationToken cancellationToken)
    {
        var claimed = await outbox.ClaimNextAsync(Settings.BatchSize, Settings.ClaimLease, cancellationToken);
        var applied = 0;
        await using (var leases = ClaimLeaseKeeper.Hold(outbox, claimed.Select(e => e.Id), Settings.ClaimLease, logger))
        {
            foreach (var entry in claimed)
            {
                var done = await ApplyAsync(entry, cancellationToken);
                leases.Done(entry.Id);
                if (!done)
                {
                    break; // the rest of the batch is released, to be claimed again after the retry
                }

                applied++;
            }
        }

        metrics.OutboxDepth("timers", await outbox.CountPendingAsync(cancellationToken));
        return claimed.Count == Settings.BatchSize && applied == claimed.Count;
    }

    /// <summary>Applies one change; false when it waits for a retry (and so holds back the rest of the batch).</summary>
    private async Task<bool> ApplyAsync(PendingTimerChange entry, CancellationToken cancellationToken)
    {
        var attempts = entry.Attempts + 1;
        try
        {
            await scheduler.ApplyAsync(entry.Plugin, entry.Change, cancellationToken);
            await outbox.MarkAppliedAsync(entry.Id, attempts, cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && attempts < Settings.MaxAttempts)
        {
            var delay = Settings.RetryDelay(attempts);
            logger.LogWarning(e, "Timer change {Id} ({Plugin} {Key}) failed (attempt {Attempt}); retrying in {Delay}", entry.Id, entry.Plugin, entry.Change.Key, attempts, delay);
            await outbox.RescheduleAsync(entry.Id, attempts, DateTimeOffset.UtcNow + delay, $"{e.GetType().Name}: {e.Message}", cancellationToken);
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Timer change {Id} ({Plugin} {Key}) failed for good after {Attempts} attempts", entry.Id, entry.Plugin, entry.Change.Key, attempts);
            await outbox.MarkFailedAsync(entry.Id, attempts, $"{e.GetType().Name}: {e.Message}", cancellationToken);
            await errors.AddAsync(new ErrorRecord(
                NewId.NextGuid(), ErrorKinds.TimerChange, Endpoint, entry.Change.Contract ?? entry.Change.Kind.ToString(), entry.Id.ToString(), entry.Id.ToString(),
                new Dictionary<string, string> { ["source"] = entry.Plugin, ["key"] = entry.Change.Key }, e.Message, e.ToString(), attempts, DateTimeOffset.UtcNow, null), cancellationToken);
            return true;
        }
    }
}
