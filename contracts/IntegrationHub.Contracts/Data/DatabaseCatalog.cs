namespace IntegrationHub.Contracts.Data;

/// <summary>SQL dialects the hub speaks.</summary>
public static class SqlDialects
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
}

public sealed record DataSourceInfo(string Name, string Provider, string Dialect, int RowLimit, TimeSpan StatementTimeout);

/// <summary>What a database holds, as extracted from its system catalog.</summary>
public sealed record DatabaseCatalog(string Source, string Dialect, IReadOnlyList<TableInfo> Tables, DateTimeOffset ExtractedAt);

/// <param name="Description">From <c>COMMENT ON</c> (PostgreSQL) or the trailing <c>--</c> comment in <c>sqlite_master.sql</c>.</param>
public sealed record TableInfo(
    string Name,
    string? Schema,
    string? Description,
    IReadOnlyList<ColumnInfo> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<ForeignKeyInfo> ForeignKeys,
    long? RowCount = null);

/// <param name="Values">For low-cardinality text columns: the distinct values (the value index), else null.</param>
public sealed record ColumnInfo(string Name, string DataType, string? Description, bool IsNullable, IReadOnlyList<string>? Values = null);

public sealed record ForeignKeyInfo(string Column, string ReferencedTable, string ReferencedColumn);

/// <summary>Rows as JSON-friendly values (numbers, strings, null).</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, bool Truncated, TimeSpan Elapsed);
