namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// The plugin's persistent state: JSON documents in collections, private to the plugin, in the hub's database
/// (SQLite or PostgreSQL). Inside a handler use <see cref="MessageContext.Store"/> so writes commit with the message.
/// </summary>
public interface IPluginStore
{
    Task<StoredDocument<T>?> GetAsync<T>(string collection, string key, CancellationToken cancellationToken = default) where T : class;

    /// <summary>
    /// Inserts or replaces a document. With <paramref name="expectedVersion"/> the write succeeds only if the stored
    /// version still matches (0 = must not exist yet); otherwise <see cref="ConcurrencyException"/> is thrown.
    /// Returns the new version.
    /// </summary>
    Task<long> PutAsync<T>(string collection, string key, T document, long? expectedVersion = null, CancellationToken cancellationToken = default) where T : class;

    Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken = default);

    /// <summary>Documents of a collection, newest first; <paramref name="keyPrefix"/> narrows by key.</summary>
    Task<IReadOnlyList<StoredDocument<T>>> ListAsync<T>(string collection, string? keyPrefix = null, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) where T : class;
}

public sealed record StoredDocument<T>(string Key, T Value, long Version, DateTimeOffset UpdatedAt) where T : class;

public sealed class ConcurrencyException(string message) : Exception(message);
