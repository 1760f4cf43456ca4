using System.Data.Common;
using System.Text.Json;
using Dapper;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Storage.Documents;

/// <summary>
/// <see cref="IPluginStore"/> over the <c>plugin_documents</c> table. Bound to one plugin and to that plugin's
/// serializer options (so the options' type cache, which holds the plugin's types, goes away with the plugin).
/// With a <see cref="UnitOfWork"/> it writes inside the handler's transaction; without one, each call commits.
/// </summary>
public sealed class DocumentStore(HubDatabase database, string plugin, JsonSerializerOptions json, UnitOfWork? unitOfWork = null) : IPluginStore
{
    public DocumentStore WithUnitOfWork(UnitOfWork work) => new(database, plugin, json, work);

    public async Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class
    {
        return await UseAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<Row>(
                "SELECT doc_key AS DocKey, body, version, updated_at AS UpdatedAt FROM plugin_documents WHERE plugin = @plugin AND collection = @collection AND doc_key = @key",
                new { plugin, collection, key },
                transaction);
            return row is null ? null : ToDocument<T>(row);
        }, cancellationToken);
    }

    public async Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class
    {
        var body = JsonSerializer.Serialize(document, json);
        var now = UnixTime.Ms(DateTimeOffset.UtcNow);
        return await UseAsync(async (connection, transaction) =>
        {
            switch (expectedVersion)
            {
                case null:
                    return await connection.ExecuteScalarAsync<long>(
                        """
                        INSERT INTO plugin_documents (plugin, collection, doc_key, body, version, updated_at)
                        VALUES (@plugin, @collection, @key, @body, 1, @now)
                        ON CONFLICT (plugin, collection, doc_key)
                        DO UPDATE SET body = excluded.body, version = plugin_documents.version + 1, updated_at = excluded.updated_at
                        RETURNING version
                        """,
                        new { plugin, collection, key, body, now },
                        transaction);
                case 0:
                    var inserted = await connection.ExecuteAsync(
                        """
                        INSERT INTO plugin_documents (plugin, collection, doc_key, body, version, updated_at)
                        VALUES (@plugin, @collection, @key, @body, 1, @now)
                        ON CONFLICT (plugin, collection, doc_key) DO NOTHING
                        """,
                        new { plugin, collection, key, body, now },
                        transaction);
                    return inserted == 1 ? 1 : throw new ConcurrencyException($"{collection}/{key} already exists.");
                default:
                    var updated = await connection.ExecuteAsync(
                        """
                        UPDATE plugin_documents SET body = @body, version = version + 1, updated_at = @now
                        WHERE plugin = @plugin AND collection = @collection AND doc_key = @key AND version = @expectedVersion
                        """,
                        new { plugin, collection, key, body, now, expectedVersion },
                        transaction);
                    return updated == 1
                        ? expectedVersion.Value + 1
                        : throw new ConcurrencyException($"{collection}/{key} is no longer at version {expectedVersion}.");
            }
        }, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default)
    {
        return await UseAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                "DELETE FROM plugin_documents WHERE plugin = @plugin AND collection = @collection AND doc_key = @key",
                new { plugin, collection, key },
                transaction) == 1,
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class
    {
        return await UseAsync(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<Row>(
                """
                SELECT doc_key AS DocKey, body, version, updated_at AS UpdatedAt FROM plugin_documents
                WHERE plugin = @plugin AND collection = @collection AND (@prefix IS NULL OR doc_key LIKE @pattern)
                ORDER BY updated_at DESC, doc_key
                LIMIT @limit OFFSET @offset
                """,
                new { plugin, collection, prefix = keyPrefix, pattern = keyPrefix + "%", limit, offset },
                transaction);
            return (IReadOnlyList<StoredDocument<T>>)rows.Select(ToDocument<T>).ToList();
        }, cancellationToken);
    }

    private StoredDocument<T> ToDocument<T>(Row row) where T : class =>
        new(row.DocKey, JsonSerializer.Deserialize<T>(row.Body, json)!, row.Version, UnixTime.From(row.UpdatedAt));

    private async Task<TResult> UseAsync<TResult>(Func<DbConnection, DbTransaction?, Task<TResult>> work, CancellationToken cancellationToken)
    {
        if (unitOfWork is not null)
        {
            return await work(unitOfWork.Connection, unitOfWork.Transaction);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await work(connection, null);
    }

    private sealed class Row
    {
        public string DocKey { get; set; } = "";
        public string Body { get; set; } = "";
        public long Version { get; set; }
        public long UpdatedAt { get; set; }
    }
}
