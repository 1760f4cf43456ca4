using Dapper;

namespace IntegrationHub.Storage.Ingest;

/// <summary>What an ingest under an <c>Idempotency-Key</c> answered the first time, and for which body.</summary>
public sealed record IngestKey(string Contract, string BodyHash, Guid MessageId);

/// <summary>
/// The <c>Idempotency-Key</c>s of <c>POST /api/events</c> (table <c>ingest_keys</c>), per caller: written in the
/// ingest's own transaction with its outbox entry, so a key is remembered exactly when its event is stored.
/// </summary>
public sealed class IngestKeyStore
{
    /// <summary>The answer stored for <paramref name="key"/> of <paramref name="caller"/> since <paramref name="notBefore"/>; older ones are forgotten (deleted).</summary>
    public async Task<IngestKey?> FindAsync(UnitOfWork unitOfWork, string caller, string key, DateTimeOffset notBefore)
    {
        await unitOfWork.Connection.ExecuteAsync(
            "DELETE FROM ingest_keys WHERE created_at < @before",
            new { before = UnixTime.Ms(notBefore) },
            unitOfWork.Transaction);
        var row = await unitOfWork.Connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT contract AS Contract, body_sha256 AS BodyHash, message_id AS MessageId FROM ingest_keys WHERE caller = @caller AND idempotency_key = @key",
            new { caller, key },
            unitOfWork.Transaction);
        return row is null ? null : new IngestKey(row.Contract, row.BodyHash, Guid.Parse(row.MessageId));
    }

    /// <summary>Remembers the answer for <paramref name="key"/>; false when another request stored the key first (the caller then answers as a repeat).</summary>
    public async Task<bool> TryAddAsync(UnitOfWork unitOfWork, string caller, string key, IngestKey answer)
    {
        var inserted = await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO ingest_keys (caller, idempotency_key, contract, body_sha256, message_id, created_at)
            VALUES (@caller, @key, @contract, @hash, @messageId, @at)
            ON CONFLICT (caller, idempotency_key) DO NOTHING
            """,
            new { caller, key, contract = answer.Contract, hash = answer.BodyHash, messageId = answer.MessageId.ToString(), at = UnixTime.Ms(DateTimeOffset.UtcNow) },
            unitOfWork.Transaction);
        return inserted == 1;
    }

    private sealed class Row
    {
        public string Contract { get; set; } = "";
        public string BodyHash { get; set; } = "";
        public string MessageId { get; set; } = "";
    }
}
