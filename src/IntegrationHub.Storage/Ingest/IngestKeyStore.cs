using Dapper;

namespace IntegrationHub.Storage.Ingest;

/// <summary>What an ingest under an <c>Idempotency-Key</c> answered the first time, and for which body.</summary>
public sealed record IngestKey(string Contract, string BodyHash, Guid MessageId);

/// <summary>
/// The <c>Idempotency-Key</c>s of <c>POST /api/events</c> (table <c>ingest_keys</c>), per caller: written in the
/// ingest's own transaction with its outbox entry, so a key is remembered exactly when its event is stored. A key
/// older than the window counts as unknown; retention deletes such rows later, off the ingest path.
/// </summary>
public sealed class IngestKeyStore(HubDatabase database)
{
    /// <summary>The answer stored for <paramref name="key"/> of <paramref name="caller"/> since <paramref name="notBefore"/>; an older one is forgotten.</summary>
    public async Task<IngestKey?> FindAsync(UnitOfWork unitOfWork, string caller, string key, DateTimeOffset notBefore)
    {
        var row = await unitOfWork.Connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT contract AS Contract, body_sha256 AS BodyHash, message_id AS MessageId FROM ingest_keys
            WHERE caller = @caller AND idempotency_key = @key AND created_at >= @notBefore
            """,
            new { caller, key, notBefore = UnixTime.Ms(notBefore) },
            unitOfWork.Transaction);
        return row is null ? null : new IngestKey(row.Contract, row.BodyHash, Guid.Parse(row.MessageId));
    }

    /// <summary>
    /// Remembers the answer for <paramref name="key"/>, replacing one stored before <paramref name="notBefore"/>; false
    /// when another request stored the key first within the window (the caller then answers as a repeat).
    /// </summary>
    public async Task<bool> TryAddAsync(UnitOfWork unitOfWork, string caller, string key, IngestKey answer, DateTimeOffset notBefore)
    {
        var stored = await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO ingest_keys (caller, idempotency_key, contract, body_sha256, message_id, created_at)
            VALUES (@caller, @key, @contract, @hash, @messageId, @at)
            ON CONFLICT (caller, idempotency_key) DO UPDATE
                SET contract = excluded.contract, body_sha256 = excluded.body_sha256, message_id = excluded.message_id, created_at = excluded.created_at
                WHERE ingest_keys.created_at < @notBefore
            """,
            new
            {
                caller,
                key,
                contract = answer.Contract,
                hash = answer.BodyHash,
                messageId = answer.MessageId.ToString(),
                at = UnixTime.Ms(DateTimeOffset.UtcNow),
                notBefore = UnixTime.Ms(notBefore),
            },
            unitOfWork.Transaction);
        return stored == 1;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> keys stored before <paramref name="before"/> (retention) and returns how many went.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) =>
        database.PurgeAsync("ingest_keys", "caller, idempotency_key", "created_at", before, batchSize, cancellationToken: cancellationToken);

    private sealed class Row
    {
        public string Contract { get; set; } = "";
        public string BodyHash { get; set; } = "";
        public string MessageId { get; set; } = "";
    }
}
