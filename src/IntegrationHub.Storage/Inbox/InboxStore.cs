using Dapper;

namespace IntegrationHub.Storage.Inbox;

/// <summary>That <see cref="Consumer"/> handles the message known by <see cref="MessageKey"/>.</summary>
public sealed record InboxEntry(string Consumer, string MessageKey, string MessageType);

/// <summary>Remembers which consumer has handled which message, inside the handler's unit of work.</summary>
public sealed class InboxStore(HubDatabase database)
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

    /// <summary>
    /// Records <paramref name="entries"/>, which must all be new, as the unit of work's last statement and commits it;
    /// throws, with nothing committed, when any was recorded before (a unique violation), so the caller can roll back
    /// and find out which. On PostgreSQL the entries go in as arrays in one statement whose text is the same for any
    /// batch (the server plans it once per connection), and the COMMIT travels with it: one round trip for the
    /// batch's inbox and its commit. SQLite runs in the process, where a statement per entry measured cheaper than one
    /// statement binding them all.
    /// </summary>
    public async Task RecordAllAndCommitAsync(UnitOfWork unitOfWork, IReadOnlyCollection<InboxEntry> entries, CancellationToken cancellationToken = default)
    {
        var at = UnixTime.Ms(DateTimeOffset.UtcNow);
        if (!database.IsPostgres || entries.Count == 0)
        {
            foreach (var entry in entries)
            {
                await unitOfWork.Connection.ExecuteAsync(
                    "INSERT INTO inbox (consumer, message_key, message_type, processed_at) VALUES (@Consumer, @MessageKey, @MessageType, @at)",
                    new { entry.Consumer, entry.MessageKey, entry.MessageType, at },
                    unitOfWork.Transaction);
            }

            await unitOfWork.CommitAsync(cancellationToken);
            return;
        }

        await unitOfWork.ExecuteAndCommitAsync(
            """
            INSERT INTO inbox (consumer, message_key, message_type, processed_at)
            SELECT consumer, message_key, message_type, @at FROM unnest(@consumers, @keys, @types) AS e (consumer, message_key, message_type)
            """,
            new
            {
                consumers = entries.Select(e => e.Consumer).ToArray(),
                keys = entries.Select(e => e.MessageKey).ToArray(),
                types = entries.Select(e => e.MessageType).ToArray(),
                at,
            },
            cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> records handled before <paramref name="before"/> (retention) and returns how many went.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) =>
        database.PurgeAsync("inbox", "consumer, message_key", "processed_at", before, batchSize, cancellationToken: cancellationToken);
}
