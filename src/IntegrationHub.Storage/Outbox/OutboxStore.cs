using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using IntegrationHub.Contracts.Connectors;

namespace IntegrationHub.Storage.Outbox;

/// <summary>A delivery as stored, with its progress.</summary>
public sealed record OutboxEntry(
    Guid Id,
    string Source,
    OutboxDelivery Delivery,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    string? ExternalId,
    string? LastError);

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// The transactional outbox. <see cref="EnqueueAsync"/> runs in the caller's unit of work; the dispatcher
/// claims due entries with a lease (<c>locked_until</c>) so several hub instances can drain one table and a
/// crashed instance's claims expire.
/// </summary>
public sealed class OutboxStore(HubDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a delivery; returns the id of the entry with that idempotency key (new or existing).</summary>
    public async Task<Guid> EnqueueAsync(UnitOfWork unitOfWork, string source, OutboxDelivery delivery)
    {
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        var id = Guid.NewGuid();
        await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO outbox (id, source, connector, operation, payload, attachments, idempotency_key, correlation_key,
                                status, attempts, next_attempt_at, created_at, updated_at)
            VALUES (@id, @source, @connector, @operation, @payload, @attachments, @key, @correlation,
                    'pending', 0, @due, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new
            {
                id = id.ToString(),
                source,
                connector = delivery.Connector,
                operation = delivery.Operation,
                payload = delivery.Payload.ToJsonString(),
                attachments = delivery.Attachments is { Count: > 0 } a ? JsonSerializer.Serialize(a, Json) : null,
                key = delivery.IdempotencyKey,
                correlation = delivery.CorrelationKey,
                due = UnixTime.Ms(delivery.NotBefore ?? DateTimeOffset.UtcNow),
                now,
            },
            unitOfWork.Transaction);
        var stored = await unitOfWork.Connection.ExecuteScalarAsync<string>(
            "SELECT id FROM outbox WHERE idempotency_key = @key", new { key = delivery.IdempotencyKey }, unitOfWork.Transaction);
        return Guid.Parse(stored!);
    }

    /// <summary>Claims up to <paramref name="max"/> due entries for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        await using var unitOfWork = await database.BeginAsync(cancellationToken);
        var lockClause = database.IsPostgres ? "FOR UPDATE SKIP LOCKED" : string.Empty;
        var rows = (await unitOfWork.Connection.QueryAsync<Row>(
            $"""
            SELECT id, source, connector, operation, payload, attachments, idempotency_key AS IdempotencyKey,
                   correlation_key AS CorrelationKey, status, attempts, next_attempt_at AS NextAttemptAt,
                   created_at AS CreatedAt, external_id AS ExternalId, last_error AS LastError
            FROM outbox
            WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
            ORDER BY next_attempt_at
            LIMIT @max {lockClause}
            """,
            new { now = UnixTime.Ms(now), max },
            unitOfWork.Transaction)).ToList();
        if (rows.Count > 0)
        {
            await unitOfWork.Connection.ExecuteAsync(
                "UPDATE outbox SET locked_until = @until WHERE id = @id",
                rows.Select(r => new { until = UnixTime.Ms(now + lease), id = r.Id }),
                unitOfWork.Transaction);
        }

        await unitOfWork.CommitAsync(cancellationToken);
        return rows.Select(ToEntry).ToList();
    }

    public async Task MarkDeliveredAsync(Guid id, int attempts, string? externalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE outbox SET status = 'delivered', attempts = @attempts, external_id = @externalId, locked_until = NULL, updated_at = @now, last_error = NULL WHERE id = @id",
            new { id = id.ToString(), attempts, externalId, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE outbox SET attempts = @attempts, next_attempt_at = @next, locked_until = NULL, last_error = @error, updated_at = @now WHERE id = @id",
            new { id = id.ToString(), attempts, next = UnixTime.Ms(nextAttemptAt), error, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task MarkFailedAsync(Guid id, int attempts, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE outbox SET status = 'failed', attempts = @attempts, locked_until = NULL, last_error = @error, updated_at = @now WHERE id = @id",
            new { id = id.ToString(), attempts, error, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    /// <summary>Puts a failed entry back in line (replay from the error store).</summary>
    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, locked_until = NULL, updated_at = @now WHERE id = @id AND status = 'failed'",
            new { id = id.ToString(), now = UnixTime.Ms(DateTimeOffset.UtcNow) }) == 1;
    }

    public async Task<OutboxEntry?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT id, source, connector, operation, payload, attachments, idempotency_key AS IdempotencyKey,
                   correlation_key AS CorrelationKey, status, attempts, next_attempt_at AS NextAttemptAt,
                   created_at AS CreatedAt, external_id AS ExternalId, last_error AS LastError
            FROM outbox WHERE id = @id
            """,
            new { id = id.ToString() });
        return row is null ? null : ToEntry(row);
    }

    /// <summary>Deliveries not yet delivered nor failed (the outbox depth metric).</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    }

    private static OutboxEntry ToEntry(Row r) => new(
        Guid.Parse(r.Id),
        r.Source,
        new OutboxDelivery(
            r.Connector,
            r.Operation,
            JsonNode.Parse(r.Payload)!.AsObject(),
            r.IdempotencyKey,
            r.CorrelationKey,
            null,
            r.Attachments is null ? null : JsonSerializer.Deserialize<List<OutboxAttachment>>(r.Attachments, Json)),
        r.Status,
        (int)r.Attempts,
        UnixTime.From(r.NextAttemptAt),
        UnixTime.From(r.CreatedAt),
        r.ExternalId,
        r.LastError);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Source { get; set; } = "";
        public string Connector { get; set; } = "";
        public string Operation { get; set; } = "";
        public string Payload { get; set; } = "";
        public string? Attachments { get; set; }
        public string IdempotencyKey { get; set; } = "";
        public string? CorrelationKey { get; set; }
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public long CreatedAt { get; set; }
        public string? ExternalId { get; set; }
        public string? LastError { get; set; }
    }
}
