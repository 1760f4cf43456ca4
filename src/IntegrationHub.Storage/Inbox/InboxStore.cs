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
    /// Records <paramref name="entries"/> and returns those that are new; the others were handled before. An entry
    /// listed twice is recorded once (the caller decides which of its messages that is). On PostgreSQL it is one
    /// statement taking the entries as arrays, a round trip instead of one per entry, whose text is the same for
    /// any batch so the server plans it once per connection; SQLite runs in the process, where a statement per
    /// entry measured cheaper than one statement binding them all.
    /// </summary>
    public async Task<IReadOnlySet<InboxEntry>> TryRecordAllAsync(UnitOfWork unitOfWork, IReadOnlyCollection<InboxEntry> entries)
    {
        var distinct = entries.DistinctBy(e => (e.Consumer, e.MessageKey)).ToList();
        var recorded = new HashSet<InboxEntry>();
        if (!database.IsPostgres)
        {
            foreach (var entry in distinct)
            {
                if (await TryRecordAsync(unitOfWork, entry.Consumer, entry.MessageKey, entry.MessageType))
                {
                    recorded.Add(entry);
                }
            }

            return recorded;
        }

        if (distinct.Count == 0)
        {
            return recorded;
        }

        var rows = await unitOfWork.Connection.QueryAsync<(string Consumer, string MessageKey)>(
            """
            INSERT INTO inbox (consumer, message_key, message_type, processed_at)
            SELECT consumer, message_key, message_type, @at FROM unnest(@consumers, @keys, @types) AS e (consumer, message_key, message_type)
            ON CONFLICT (consumer, message_key) DO NOTHING
            RETURNING consumer, message_key
            """,
            new
            {
                consumers = distinct.Select(e => e.Consumer).ToArray(),
                keys = distinct.Select(e => e.MessageKey).ToArray(),
                types = distinct.Select(e => e.MessageType).ToArray(),
                at = UnixTime.Ms(DateTimeOffset.UtcNow),
            },
            unitOfWork.Transaction);
        var byKey = distinct.ToDictionary(e => (e.Consumer, e.MessageKey));
        foreach (var row in rows)
        {
            recorded.Add(byKey[row]);
        }

        return recorded;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> records handled before <paramref name="before"/> (retention) and returns how many went.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) =>
        database.PurgeAsync("inbox", "consumer, message_key", "processed_at", before, batchSize, cancellationToken: cancellationToken);
}
