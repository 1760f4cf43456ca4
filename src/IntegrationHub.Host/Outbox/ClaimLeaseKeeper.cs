using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.Outbox;

/// <summary>
/// Keeps the lease on the rows of one claimed batch while a dispatcher works on them: renewed every third of
/// <c>ClaimLease</c> until each row is <see cref="Done"/>; whatever is not done when the round ends (a stopping hub,
/// a timer batch held back by a retry) is released so another instance may take it at once. A hub that dies renews
/// nothing, so its rows are taken over one lease after its last renewal.
/// </summary>
internal sealed class ClaimLeaseKeeper : IAsyncDisposable
{
    private readonly IOutboxLeases _leases;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly HashSet<Guid> _held;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private ClaimLeaseKeeper(IOutboxLeases leases, IEnumerable<Guid> ids, TimeSpan lease, ILogger logger)
    {
        _leases = leases;
        _lease = lease;
        _logger = logger;
        _held = [.. ids];
        _renewing = _held.Count == 0 ? Task.CompletedTask : RenewAsync(_stop.Token);
    }

    public static ClaimLeaseKeeper Hold(IOutboxLeases leases, IEnumerable<Guid> ids, TimeSpan lease, ILogger logger) => new(leases, ids, lease, logger);

    /// <summary>The dispatcher finished with this row (done, rescheduled or failed): its lease is no longer renewed.</summary>
    public void Done(Guid id)
    {
        lock (_held)
        {
            _held.Remove(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        var left = Held();
        if (left.Count == 0)
        {
            return;
        }

        try
        {
            await _leases.ReleaseAsync(left, CancellationToken.None);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not release {Count} claimed outbox rows; they are taken over when their lease ends", left.Count);
        }
    }

    private List<Guid> Held()
    {
        lock (_held)
        {
            return [.. _held];
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await _leases.RenewAsync(Held(), DateTimeOffset.UtcNow + _lease, stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    _logger.LogWarning(e, "Renewing the lease of claimed outbox rows failed; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
