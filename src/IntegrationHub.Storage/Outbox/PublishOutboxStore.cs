using Dapper;

namespace IntegrationHub.Storage.Outbox;

/// <summary>A message a handler (or the API) published, waiting for its commit to reach the bus. <see cref="Id"/> is its message id; <see cref="TraceParent"/> the W3C trace context it was stored under.</summary>
public sealed record PendingPublish(Guid Id, string Source, string Contract, string Payload, int Attempts, string? TraceParent = null);

/// <summary>
/// The outbox port for deferred publishes to the bus (table <c>outbox_publishes</c>): written in the handler's
/// unit of work, published by the dispatcher after the commit with the entry id as message id, so a publish
/// repeated after a crash is a duplicate the receivers' inboxes skip.
/// </summary>
public sealed class PublishOutboxStore(HubDatabase database) : OutboxPortStore(database, Table)
{
    public const string Table = "outbox_publishes";

    /// <summary>
    /// Stores a publish under <paramref name="id"/>, its message id on the bus (the caller's: receivers read a sent time
    /// from it); a second one with the same idempotency key is ignored. Returns the stored id.
    /// </summary>
    public async Task<Guid> EnqueueAsync(UnitOfWork unitOfWork, Guid id, string source, string contract, string payload, string idempotencyKey, string? traceParent = null)
    {
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO outbox_publishes (id, source, contract, payload, idempotency_key, trace_parent, status, attempts, next_attempt_at, created_at, updated_at)
            VALUES (@id, @source, @contract, @payload, @idempotencyKey, @traceParent, 'pending', 0, @now, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new { id = id.ToString(), source, contract, payload, idempotencyKey, traceParent, now },
            unitOfWork.Transaction);
        var stored = await unitOfWork.Connection.ExecuteScalarAsync<string>(
            "SELECT id FROM outbox_publishes WHERE idempotency_key = @idempotencyKey", new { idempotencyKey }, unitOfWork.Transaction);
        return Guid.Parse(stored!);
    }

    /// <summary>Claims up to <paramref name="max"/> due publishes for <paramref name="lease"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PendingPublish>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        (await Progress.ClaimDueAsync<Row>("SELECT id, source, contract, payload, attempts, trace_parent AS TraceParent FROM outbox_publishes", r => r.Id, max, lease, cancellationToken))
            .Select(r => new PendingPublish(Guid.Parse(r.Id), r.Source, r.Contract, r.Payload, (int)r.Attempts, r.TraceParent)).ToList();

    public Task MarkPublishedAsync(Guid id, int attempts, CancellationToken cancellationToken = default) =>
        Progress.MarkDeliveredAsync(id.ToString(), attempts, cancellationToken);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Source { get; set; } = "";
        public string Contract { get; set; } = "";
        public string Payload { get; set; } = "";
        public long Attempts { get; set; }
        public string? TraceParent { get; set; }
    }
}
