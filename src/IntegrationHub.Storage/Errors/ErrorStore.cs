using Dapper;

namespace IntegrationHub.Storage.Errors;

public static class ErrorKinds
{
    /// <summary>A bus message whose last attempt failed.</summary>
    public const string Message = "message";

    /// <summary>An outbox delivery that failed for good.</summary>
    public const string Delivery = "delivery";

    /// <summary>A message published inside a handler that could not reach the bus.</summary>
    public const string Publish = "publish";

    /// <summary>A timer change set inside a handler that could not be applied to the scheduler.</summary>
    public const string TimerChange = "timer";
}

/// <param name="Endpoint">Queue the message came from (messages), connector name (deliveries), or the outbox port (publishes, timer changes).</param>
/// <param name="Body">The message JSON (messages) or the outbox entry id (deliveries, publishes, timer changes).</param>
public sealed record ErrorRecord(
    Guid Id,
    string Kind,
    string Endpoint,
    string MessageType,
    string? MessageId,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    string Reason,
    string? Exception,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReplayedAt);

/// <summary>Failed messages and deliveries with their reason; listed by the API and CLI, replayable.</summary>
public sealed class ErrorStore(HubDatabase database)
{
    public async Task AddAsync(ErrorRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO error_messages (id, kind, endpoint, message_type, message_id, body, headers, reason, exception, attempts, created_at)
            VALUES (@id, @kind, @endpoint, @messageType, @messageId, @body, @headers, @reason, @exception, @attempts, @createdAt)
            """,
            new
            {
                id = record.Id.ToString(),
                kind = record.Kind,
                endpoint = record.Endpoint,
                messageType = record.MessageType,
                messageId = record.MessageId,
                body = record.Body,
                headers = System.Text.Json.JsonSerializer.Serialize(record.Headers),
                reason = record.Reason,
                exception = record.Exception,
                attempts = record.Attempts,
                createdAt = UnixTime.Ms(record.CreatedAt),
            });
    }

    public async Task<IReadOnlyList<ErrorRecord>> ListAsync(bool includeReplayed = false, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"{Select} WHERE (@all OR replayed_at IS NULL) ORDER BY created_at DESC LIMIT @limit",
            new { all = includeReplayed, limit });
        return rows.Select(ToRecord).ToList();
    }

    public async Task<ErrorRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id = id.ToString() });
        return row is null ? null : ToRecord(row);
    }

    /// <summary>Marks a record replayed; false when it was already (a replay happens once).</summary>
    public async Task<bool> MarkReplayedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE error_messages SET replayed_at = @now WHERE id = @id AND replayed_at IS NULL",
            new { id = id.ToString(), now = UnixTime.Ms(DateTimeOffset.UtcNow) }) == 1;
    }

    /// <summary>Records added since <paramref name="since"/> (the console's errors in the last hour).</summary>
    public async Task<long> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM error_messages WHERE created_at >= @since", new { since = UnixTime.Ms(since) });
    }

    /// <summary>Removes a record for good (an operator's decision); false when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM error_messages WHERE id = @id", new { id = id.ToString() }) == 1;
    }

    private const string Select =
        "SELECT id, kind, endpoint, message_type AS MessageType, message_id AS MessageId, body, headers, reason, exception, attempts, created_at AS CreatedAt, replayed_at AS ReplayedAt FROM error_messages";

    private static ErrorRecord ToRecord(Row r) => new(
        Guid.Parse(r.Id), r.Kind, r.Endpoint, r.MessageType, r.MessageId, r.Body,
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(r.Headers) ?? [],
        r.Reason, r.Exception, (int)r.Attempts, UnixTime.From(r.CreatedAt), r.ReplayedAt is { } at ? UnixTime.From(at) : null);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Endpoint { get; set; } = "";
        public string MessageType { get; set; } = "";
        public string? MessageId { get; set; }
        public string Body { get; set; } = "";
        public string Headers { get; set; } = "{}";
        public string Reason { get; set; } = "";
        public string? Exception { get; set; }
        public long Attempts { get; set; }
        public long CreatedAt { get; set; }
        public long? ReplayedAt { get; set; }
    }
}
