using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using IntegrationHub.Contracts.Connectors;

namespace IntegrationHub.Storage.Outbox;

/// <summary>A connector delivery as stored, with its progress.</summary>
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

/// <summary>
/// The outbox port for deliveries to outside systems (table <c>outbox_deliveries</c>). <see cref="EnqueueAsync"/>
/// runs in the caller's unit of work; the dispatcher claims due entries with a lease (<c>locked_until</c>) so
/// several hub instances can drain one table and a crashed instance's claims expire.
/// </summary>
public sealed class DeliveryOutboxStore(HubDatabase database) : OutboxPortStore(database, Table)
{
    public const string Table = "outbox_deliveries";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a delivery; returns the id of the entry with that idempotency key (new or existing).</summary>
    public async Task<Guid> EnqueueAsync(UnitOfWork unitOfWork, string source, OutboxDelivery delivery)
    {
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO outbox_deliveries (id, source, connector, operation, payload, attachments, idempotency_key, correlation_key,
                                           status, attempts, next_attempt_at, created_at, updated_at)
            VALUES (@id, @source, @connector, @operation, @payload, @attachments, @key, @correlation,
                    'pending', 0, @due, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new
            {
                id = Guid.NewGuid().ToString(),
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
            "SELECT id FROM outbox_deliveries WHERE idempotency_key = @key", new { key = delivery.IdempotencyKey }, unitOfWork.Transaction);
        return Guid.Parse(stored!);
    }

    /// <summary>Claims up to <paramref name="max"/> due entries for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        (await Progress.ClaimDueAsync<Row>(Select, r => r.Id, max, lease, cancellationToken)).Select(ToEntry).ToList();

    public async Task MarkDeliveredAsync(Guid id, int attempts, string? externalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE outbox_deliveries SET status = 'delivered', attempts = @attempts, external_id = @externalId, locked_until = NULL, updated_at = @now, last_error = NULL WHERE id = @id",
            new { id = id.ToString(), attempts, externalId, now = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }

    public async Task<OutboxEntry?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id = id.ToString() });
        return row is null ? null : ToEntry(row);
    }

    /// <summary>Deliveries newest first, narrowed to a connector and/or a correlation key when given.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string? connector, string? correlationKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"{Select} WHERE (@connector IS NULL OR connector = @connector) AND (@correlation IS NULL OR correlation_key = @correlation) ORDER BY created_at DESC LIMIT @limit",
            new { connector, correlation = correlationKey, limit });
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>A pending entry waiting for its next retry is due now; false when it is not pending.</summary>
    public async Task<bool> RetryNowAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE outbox_deliveries SET next_attempt_at = @now, updated_at = @now WHERE id = @id AND status = 'pending'",
            new { id = id.ToString(), now = UnixTime.Ms(DateTimeOffset.UtcNow) }) == 1;
    }

    /// <summary>Deliveries not yet delivered nor failed (the outbox depth metric).</summary>

    private const string Select =
        """
        SELECT id, source, connector, operation, payload, attachments, idempotency_key AS IdempotencyKey,
               correlation_key AS CorrelationKey, status, attempts, next_attempt_at AS NextAttemptAt,
               created_at AS CreatedAt, external_id AS ExternalId, last_error AS LastError
        FROM outbox_deliveries
        """;

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
