using System.Text;
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
    /// statement, a round trip instead of one per entry; SQLite runs in the process, where a statement per entry
    /// measured cheaper than one statement binding them all.
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

        var sql = new StringBuilder("INSERT INTO inbox (consumer, message_key, message_type, processed_at) VALUES ");
        var parameters = new DynamicParameters(new { at = UnixTime.Ms(DateTimeOffset.UtcNow) });
        for (var i = 0; i < distinct.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append($"(@c{i}, @k{i}, @t{i}, @at)");
            parameters.Add($"c{i}", distinct[i].Consumer);
            parameters.Add($"k{i}", distinct[i].MessageKey);
            parameters.Add($"t{i}", distinct[i].MessageType);
        }

        sql.Append(" ON CONFLICT (consumer, message_key) DO NOTHING RETURNING consumer, message_key");
        var byKey = distinct.ToDictionary(e => (e.Consumer, e.MessageKey));
        foreach (var row in await unitOfWork.Connection.QueryAsync<(string Consumer, string MessageKey)>(sql.ToString(), parameters, unitOfWork.Transaction))
        {
            recorded.Add(byKey[row]);
        }

        return recorded;
    }

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> records handled before <paramref name="before"/> (retention) and
    /// returns how many went; the caller repeats while a whole batch went, so no statement holds the table for long.
    /// </summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default)
    {
        await using var unitOfWork = await database.BeginAsync(cancellationToken);
        var deleted = await unitOfWork.Connection.ExecuteAsync(
            """
            DELETE FROM inbox WHERE (consumer, message_key) IN
                (SELECT consumer, message_key FROM inbox WHERE processed_at < @before LIMIT @batchSize)
            """,
            new { before = UnixTime.Ms(before), batchSize },
            unitOfWork.Transaction);
        await unitOfWork.CommitAsync(cancellationToken);
        return deleted;
    }
}
