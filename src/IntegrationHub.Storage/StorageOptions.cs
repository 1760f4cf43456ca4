namespace IntegrationHub.Storage;

public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Bound from <c>Hub:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Hub:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Empty means a SQLite file <c>hub.sqlite</c> under the hub's data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string in force: <see cref="ConnectionString"/>, else the SQLite file under <paramref name="dataDirectory"/>.</summary>
    public string ConnectionStringFor(string dataDirectory) => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.Combine(dataDirectory, "hub.sqlite")}"
        : ConnectionString;
}
