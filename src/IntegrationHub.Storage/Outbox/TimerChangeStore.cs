using Dapper;

namespace IntegrationHub.Storage.Outbox;

public enum TimerChangeKind
{
    Once,
    Cron,
    Cancel,
}

/// <summary>A change to one of a plugin's timers or jobs: set once at <see cref="At"/>, set on <see cref="Cron"/>, or cancel.</summary>
/// <param name="Body">The contract message to publish when it fires, as JSON (null for a cancel).</param>
public sealed record TimerChange(TimerChangeKind Kind, string Key, string? Contract, string? Body, DateTimeOffset? At, string? Cron);

/// <summary>A stored timer change with its place in commit order (<see cref="Sequence"/>).</summary>
public sealed record PendingTimerChange(long Sequence, Guid Id, string Plugin, TimerChange Change, int Attempts);

/// <summary>
/// The outbox port for timer changes (table <c>outbox_timer_changes</c>): written as the last step of a handler's
/// unit of work, so their sequence follows commit order, and applied one after another in that order after the commit.
/// </summary>
public sealed class TimerChangeStore(HubDatabase database) : OutboxPortStore(database, Table)
{
    public const string Table = "outbox_timer_changes";

    /// <summary>Only one hub instance applies timer changes at a time, so their order holds across instances.</summary>
    private const long ClaimLockId = 0x4855_4254; // "HUBT"

    public async Task AddAsync(UnitOfWork unitOfWork, string plugin, IEnumerable<TimerChange> changes)
    {
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        foreach (var change in changes)
        {
            await unitOfWork.Connection.ExecuteAsync(
                """
                INSERT INTO outbox_timer_changes (id, source, kind, timer_key, contract, body, fire_at, cron, status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (@id, @plugin, @kind, @key, @contract, @body, @at, @cron, 'pending', 0, @now, @now, @now)
                """,
                new
                {
                    id = Guid.NewGuid().ToString(),
                    plugin,
                    kind = change.Kind.ToString().ToLowerInvariant(),
                    key = change.Key,
                    contract = change.Contract,
                    body = change.Body,
                    at = change.At is { } at ? UnixTime.Ms(at) : (long?)null,
                    cron = change.Cron,
                    now,
                },
                unitOfWork.Transaction);
        }
    }

    /// <summary>
    /// Claims the first due changes in sequence order, stopping before any change that is not yet due (one waiting
    /// for a retry holds back those after it), and none while another instance holds a lease on some.
    /// </summary>
    public async Task<IReadOnlyList<PendingTimerChange>> ClaimNextAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        await using var unitOfWork = await Database.BeginAsync(cancellationToken);
        if (Database.IsPostgres)
        {
            await unitOfWork.Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@id)", new { id = ClaimLockId }, unitOfWork.Transaction);
        }

        var rows = (await unitOfWork.Connection.QueryAsync<Row>(
            """
            SELECT seq AS Sequence, id, source, kind, timer_key AS TimerKey, contract, body, fire_at AS FireAt, cron, attempts,
                   next_attempt_at AS NextAttemptAt, locked_until AS LockedUntil
            FROM outbox_timer_changes WHERE status = 'pending' ORDER BY seq LIMIT @max
            """,
            new { max },
            unitOfWork.Transaction)).ToList();
        if (rows.Any(r => r.LockedUntil >= now))
        {
            return [];
        }

        var due = rows.TakeWhile(r => r.NextAttemptAt <= now).ToList();
        if (due.Count > 0)
        {
            await OutboxProgress.LeaseAsync(unitOfWork, Table, due.Select(r => r.Id), UnixTime.From(now) + lease);
        }

        await unitOfWork.CommitAsync(cancellationToken);
        return due.Select(ToPending).ToList();
    }

    public Task MarkAppliedAsync(Guid id, int attempts, CancellationToken cancellationToken = default) =>
        Progress.MarkDeliveredAsync(id.ToString(), attempts, cancellationToken);

    private static PendingTimerChange ToPending(Row r) => new(
        r.Sequence,
        Guid.Parse(r.Id),
        r.Source,
        new TimerChange(Enum.Parse<TimerChangeKind>(r.Kind, ignoreCase: true), r.TimerKey, r.Contract, r.Body, r.FireAt is { } at ? UnixTime.From(at) : null, r.Cron),
        (int)r.Attempts);

    private sealed class Row
    {
        public long Sequence { get; set; }
        public string Id { get; set; } = "";
        public string Source { get; set; } = "";
        public string Kind { get; set; } = "";
        public string TimerKey { get; set; } = "";
        public string? Contract { get; set; }
        public string? Body { get; set; }
        public long? FireAt { get; set; }
        public string? Cron { get; set; }
        public long Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public long? LockedUntil { get; set; }
    }
}
