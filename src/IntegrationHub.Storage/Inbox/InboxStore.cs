using Dapper;

namespace IntegrationHub.Storage.Inbox;

/// <summary>Remembers which consumer has handled which message, inside the handler's unit of work.</summary>
public sealed class InboxStore
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="messageKey"/>. Returns false when it
    /// already has (a redelivery): the caller then acknowledges without handling again.
    /// </summary>
    public async Task<bool> TryRecordAsync(UnitOfWork unitOfWork, string consumer, string messageKey, string messageType)
    {
        var inserted = await unitOfWork.Connection.ExecuteAsync(
            """
            INSERT INTO inbox (consumer, message_key, message_type, processed_at)
            VALUES (@consumer, @messageKey, @messageType, @at)
            ON CONFLICT (consumer, message_key) DO NOTHING
            """,
            new { consumer, messageKey, messageType, at = UnixTime.Ms(DateTimeOffset.UtcNow) },
            unitOfWork.Transaction);
        return inserted == 1;
    }

    /// <summary>Deletes inbox records older than <paramref name="olderThan"/> (retention).</summary>
    public async Task<int> PurgeAsync(HubDatabase database, DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM inbox WHERE processed_at < @before", new { before = UnixTime.Ms(olderThan) });
    }
}
