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
}
