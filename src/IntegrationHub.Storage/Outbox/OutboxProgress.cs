using Dapper;

namespace IntegrationHub.Storage.Outbox;

/// <summary>Where an outbox entry of any port stands.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// The progress bookkeeping every outbox port shares (attempts, next attempt, lease, outcome), for one of the
/// port tables. The table name is one of the constants of the stores, never input.
/// </summary>
internal sealed class OutboxProgress(HubDatabase database, string table)
{
    // PostgreSQL takes the ids as one array parameter; for SQLite Dapper expands the list into one parameter each.
    private string AnyOf => database.IsPostgres ? "= ANY(@ids)" : "IN @ids";

    public async Task MarkDeliveredAsync(string id, int attempts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"UPDATE {table} SET status = 'delivered', attempts = @attempts, locked_until = NULL, updated_at = @now, last_error = NULL WHERE id = @id",
            new { id, attempts, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task RescheduleAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"UPDATE {table} SET attempts = @attempts, next_attempt_at = @next, locked_until = NULL, last_error = @error, updated_at = @now WHERE id = @id",
            new { id, attempts, next = UnixTime.Ms(nextAttemptAt), error, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task MarkFailedAsync(string id, int attempts, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"UPDATE {table} SET status = 'failed', attempts = @attempts, locked_until = NULL, last_error = @error, updated_at = @now WHERE id = @id",
            new { id, attempts, error, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task<bool> RequeueAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            $"UPDATE {table} SET status = 'pending', attempts = 0, next_attempt_at = @now, locked_until = NULL, updated_at = @now WHERE id = @id AND status = 'failed'",
            new { id, now = UnixTime.Ms(DateTimeOffset.UtcNow) }) == 1;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> entries delivered before <paramref name="before"/>; failed and pending ones stay.</summary>
    public Task<int> PurgeDeliveredAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        // next_attempt_at is never later than the delivery, so it narrows the search through the (status, next_attempt_at) index.
        database.PurgeAsync(table, "id", "updated_at", before, batchSize, $"status = '{OutboxStatus.Delivered}' AND next_attempt_at < @before", cancellationToken);

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE status = 'pending'");
    }

    /// <summary>When the oldest pending entry was written; null when none is pending.</summary>
    public async Task<DateTimeOffset?> OldestPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var oldest = await connection.ExecuteScalarAsync<long?>($"SELECT MIN(created_at) FROM {table} WHERE status = 'pending'");
        return oldest is { } ms ? UnixTime.From(ms) : null;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due pending rows (<paramref name="select"/>: <c>SELECT … FROM</c> this table)
    /// for <paramref name="lease"/>, oldest first; on PostgreSQL rows another hub instance is claiming are skipped.
    /// </summary>
    public async Task<List<TRow>> ClaimDueAsync<TRow>(string select, Func<TRow, string> idOf, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await using var unitOfWork = await database.BeginAsync(cancellationToken);
        var lockClause = database.IsPostgres ? "FOR UPDATE SKIP LOCKED" : string.Empty;
        var rows = (await unitOfWork.Connection.QueryAsync<TRow>(
            $"""
            {select}
            WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
            ORDER BY next_attempt_at
            LIMIT @max {lockClause}
            """,
            new { now = UnixTime.Ms(now), max },
            unitOfWork.Transaction)).ToList();
        if (rows.Count > 0)
        {
            await LeaseAsync(unitOfWork, table, rows.Select(idOf), now + lease);
        }

        await unitOfWork.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// Extends the lease of rows a dispatcher is still working on. Only rows still pending and leased are touched: a
    /// row finished or rescheduled meanwhile (its lease cleared) is not leased again.
    /// </summary>
    public async Task RenewAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {table} SET locked_until = @until WHERE id {AnyOf} AND status = 'pending' AND locked_until IS NOT NULL",
            new { until = UnixTime.Ms(until), ids = ids.Select(id => id.ToString()).ToArray() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Gives up the lease of claimed rows a dispatcher will not work on (a stopping hub's), so any instance may take them at once.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {table} SET locked_until = NULL WHERE id {AnyOf} AND status = 'pending'",
            new { ids = ids.Select(id => id.ToString()).ToArray() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Leases the given rows to the caller until <paramref name="until"/>.</summary>
    public static Task LeaseAsync(UnitOfWork unitOfWork, string table, IEnumerable<string> ids, DateTimeOffset until) =>
        unitOfWork.Connection.ExecuteAsync(
            $"UPDATE {table} SET locked_until = @until WHERE id = @id",
            ids.Select(id => new { until = UnixTime.Ms(until), id }),
            unitOfWork.Transaction);
}
