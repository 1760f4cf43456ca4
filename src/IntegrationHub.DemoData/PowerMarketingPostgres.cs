using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace IntegrationHub.DemoData;

/// <summary>Where and how <see cref="PowerMarketingPostgres"/> writes the demo database.</summary>
public sealed record PostgresSeedOptions
{
    /// <summary>The schema the tables go into; created when missing. Null: the connection's default (search path).</summary>
    public string? Schema { get; init; }

    /// <summary>
    /// <c>DATE</c> and <c>TIMESTAMP</c> columns (the <c>*_on</c> and <c>*_at</c> ones) instead of the SQLite schema's ISO text,
    /// as a PostgreSQL database would usually have them; the <c>YYYY-MM</c> month columns stay text either way.
    /// </summary>
    public bool NativeTemporalTypes { get; init; }

    /// <summary>Drop the demo tables first when they already exist (otherwise an existing <c>region</c> table means "already seeded").</summary>
    public bool Replace { get; init; }
}

/// <summary>
/// The demo power-marketing database in PostgreSQL: the same tables, rows and column descriptions
/// (as <c>COMMENT ON</c>) as the SQLite file of <see cref="PowerMarketingDatabase"/>. Dates stay text in the
/// schema's formats (<c>YYYY-MM</c>, <c>YYYY-MM-DD</c>, <c>YYYY-MM-DD HH:MM:SS</c>) unless
/// <see cref="PostgresSeedOptions.NativeTemporalTypes"/> asks for date/timestamp columns.
/// </summary>
public static partial class PowerMarketingPostgres
{
    /// <summary>Creates the schema's tables and copies the rows in; returns false when they were already there (and not replaced).</summary>
    public static async Task<bool> SeedAsync(string connectionString, PostgresSeedOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresSeedOptions();
        var schema = options.Schema;
        if (schema is not null && !Identifier().IsMatch(schema)) throw new ArgumentException($"'{schema}' is not a plain schema name.", nameof(options));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (schema is not null)
        {
            await ExecuteAsync(connection, null, $"CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}", cancellationToken);
        }

        var tables = Tables(options.NativeTemporalTypes);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (options.Replace)
        {
            await ExecuteAsync(connection, tx, string.Concat(tables.Select(t => $"DROP TABLE IF EXISTS {t.Name} CASCADE;")), cancellationToken);
        }
        else
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('region') IS NOT NULL", connection, tx);
            if (await exists.ExecuteScalarAsync(cancellationToken) is true) return false;
        }

        await ExecuteAsync(connection, tx, Ddl(options.NativeTemporalTypes), cancellationToken);
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(c => c.Description is not null))
            {
                await ExecuteAsync(connection, tx, $"COMMENT ON COLUMN {table.Name}.{column.Name} IS '{column.Description!.Replace("'", "''")}'", cancellationToken);
            }
        }

        await CopyRowsAsync(connection, tables, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await ExecuteAsync(connection, null, "ANALYZE", cancellationToken);
        return true;
    }

    /// <summary>The generated rows into their tables by binary <c>COPY</c>, text dates parsed where the column is a native one.</summary>
    private static async Task CopyRowsAsync(NpgsqlConnection connection, List<SeedTable> tables, CancellationToken cancellationToken)
    {
        foreach (var (data, table) in PowerMarketingDatabase.Generate().Zip(tables))
        {
            if (data.Name != table.Name) throw new InvalidOperationException($"Generated table {data.Name} where the schema has {table.Name}.");
            await using var writer = await connection.BeginBinaryImportAsync($"COPY {table.Name} FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in data.Rows)
            {
                await writer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    switch (row[i], table.Columns[i].Type)
                    {
                        case (null, _):
                            await writer.WriteNullAsync(cancellationToken);
                            break;
                        case (string s, "DATE"):
                            await writer.WriteAsync(DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
                            break;
                        case (string s, "TIMESTAMP"):
                            await writer.WriteAsync(DateTime.ParseExact(s, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), cancellationToken);
                            break;
                        case (var value, _):
                            await writer.WriteAsync(value, cancellationToken);
                            break;
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }
    }

    /// <summary><see cref="PowerMarketingDatabase.Schema"/> in PostgreSQL: SQLite's REAL is an 8-byte float, PostgreSQL's a 4-byte one.</summary>
    public static string Ddl(bool nativeTemporalTypes = false)
    {
        var ddl = Real().Replace(PowerMarketingDatabase.Schema, "DOUBLE PRECISION");
        return nativeTemporalTypes ? TimestampColumn().Replace(DateColumn().Replace(ddl, "$1DATE"), "$1TIMESTAMP") : ddl;
    }

    private sealed record SeedColumn(string Name, string Type, string? Description);

    private sealed record SeedTable(string Name, List<SeedColumn> Columns);

    /// <summary>Tables and their columns in schema order (the order of <see cref="PowerMarketingDatabase.Generate"/>'s values).</summary>
    private static List<SeedTable> Tables(bool nativeTemporalTypes)
    {
        var tables = new List<SeedTable>();
        foreach (var line in Ddl(nativeTemporalTypes).Split('\n'))
        {
            if (CreateTable().Match(line) is { Success: true } t) tables.Add(new SeedTable(t.Groups[1].Value, []));
            else if (tables.Count > 0 && ColumnLine().Match(line) is { Success: true } c)
            {
                tables[^1].Columns.Add(new SeedColumn(c.Groups["name"].Value, c.Groups["type"].Value, c.Groups["desc"].Success ? c.Groups["desc"].Value.Trim() : null));
            }
        }

        return tables;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bREAL\b")]
    private static partial Regex Real();

    [GeneratedRegex(@"^\s*CREATE TABLE (\w+)")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^\s*(?<name>\w+)\s+(?<type>INTEGER|TEXT|DOUBLE PRECISION|DATE|TIMESTAMP)\b[^-]*(--\s*(?<desc>.+))?$")]
    private static partial Regex ColumnLine();

    [GeneratedRegex(@"(?m)^(\s*\w+_on\s+)TEXT\b")]
    private static partial Regex DateColumn();

    [GeneratedRegex(@"(?m)^(\s*\w+_at\s+)TEXT\b")]
    private static partial Regex TimestampColumn();
}
