namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// What every outbox port's table does the same way (table <see cref="Table"/>): retries, failure, requeue after a
/// replay, the pending count and the claim leases. A port adds how its rows are written, claimed and completed.
/// </summary>
public abstract class OutboxPortStore(HubDatabase database, string table) : IOutboxLeases
{
    private protected HubDatabase Database { get; } = database;

    private protected OutboxProgress Progress { get; } = new(database, table);

    public Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        Progress.RescheduleAsync(id.ToString(), attempts, nextAttemptAt, error, cancellationToken);

    public Task MarkFailedAsync(Guid id, int attempts, string error, CancellationToken cancellationToken = default) =>
        Progress.MarkFailedAsync(id.ToString(), attempts, error, cancellationToken);

    /// <summary>Puts a failed entry back in line (replay from the error store).</summary>
    public Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken = default) => Progress.RequeueAsync(id.ToString(), cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> entries delivered before <paramref name="before"/> (retention); returns how many went.</summary>
    public Task<int> PurgeDeliveredAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) =>
        Progress.PurgeDeliveredAsync(before, batchSize, cancellationToken);

    public Task<long> CountPendingAsync(CancellationToken cancellationToken = default) => Progress.CountPendingAsync(cancellationToken);

    /// <summary>When the oldest pending entry was written (the overview's "oldest entry"); null when none is pending.</summary>
    public Task<DateTimeOffset?> OldestPendingAsync(CancellationToken cancellationToken = default) => Progress.OldestPendingAsync(cancellationToken);

    public Task RenewAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Progress.RenewAsync(ids, until, cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) => Progress.ReleaseAsync(ids, cancellationToken);
}
