using IntegrationHub.Contracts.Data;

namespace IntegrationHub.DataSources;

public enum DataSourceProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>One business database, bound from <c>DataSources:{name}</c>.</summary>
public sealed class DataSourceOptions
{
    public const string Section = "DataSources";

    public DataSourceProvider Provider { get; set; } = DataSourceProvider.Sqlite;

    public string ConnectionString { get; set; } = "";

    /// <summary>Tables a query may read (and the catalog shows); empty means every table.</summary>
    public List<string> AllowedTables { get; set; } = [];

    /// <summary>PostgreSQL schemas the catalog covers; empty means those on the connection's search path (usually <c>public</c>).</summary>
    public List<string> AllowedSchemas { get; set; } = [];

    public int StatementTimeoutSeconds { get; set; } = 30;

    public int RowLimit { get; set; } = 1000;

    /// <summary>Path of the source's semantic layer (YAML/JSON), relative to the working directory, or null.</summary>
    public string? SemanticLayer { get; set; }

    /// <summary>A text column with at most this many distinct values goes into the value index.</summary>
    public int ValueIndexMaxDistinct { get; set; } = 64;

    public bool ValueIndex { get; set; } = true;

    public string Dialect => Provider == DataSourceProvider.PostgreSql ? SqlDialects.PostgreSql : SqlDialects.Sqlite;

    /// <summary>
    /// An ad-hoc source from a bare connection string (the CLI's <c>--db</c>): PostgreSQL when it names a host
    /// (<c>Host=…</c>, <c>Server=…</c>, <c>postgres://…</c>), else SQLite.
    /// </summary>
    public static DataSourceOptions FromConnectionString(string connectionString)
    {
        var cs = connectionString.Trim();
        var postgres = cs.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || cs.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || cs.Split(';').Any(p => p.Trim().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || p.Trim().StartsWith("Server=", StringComparison.OrdinalIgnoreCase));
        if (postgres && cs.Contains("://", StringComparison.Ordinal))
        {
            cs = UriToKeywords(new Uri(cs));
        }
        else if (!postgres && !cs.Contains('='))
        {
            cs = $"Data Source={cs}";
        }

        return new DataSourceOptions { Provider = postgres ? DataSourceProvider.PostgreSql : DataSourceProvider.Sqlite, ConnectionString = cs };
    }

    private static string UriToKeywords(Uri uri)
    {
        var user = uri.UserInfo.Split(':', 2);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (uri.Port > 0) parts.Add($"Port={uri.Port}");
        if (user.Length > 0 && user[0].Length > 0) parts.Add($"Username={Uri.UnescapeDataString(user[0])}");
        if (user.Length > 1) parts.Add($"Password={Uri.UnescapeDataString(user[1])}");
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) parts.Add($"Database={Uri.UnescapeDataString(db)}");
        return string.Join(';', parts);
    }
}
