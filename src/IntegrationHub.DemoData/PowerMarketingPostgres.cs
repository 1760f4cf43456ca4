using System.Text.RegularExpressions;
using Npgsql;

namespace IntegrationHub.DemoData;

/// <summary>Where and how <see cref="PowerMarketingPostgres"/> writes the demo database.</summary>
public sealed record PostgresSeedOptions
{
    /// <summary>The schema the tables go into; created when missing. Null: the connection's default (search path).</summary>
    public string? Schema { get; init; }

    /// <summary>Drop the demo tables first when they already exist (otherwise an existing <c>region</c> table means "already seeded").</summary>
    public bool Replace { get; init; }
}

/// <summary>
/// The demo power-marketing database in PostgreSQL: the same tables, rows and column descriptions
/// (as <c>COMMENT ON</c>) as the SQLite file of <see cref="PowerMarketingDatabase"/>. Dates stay text in the
/// schema's formats (<c>YYYY-MM</c>, <c>YYYY-MM-DD</c>, <c>YYYY-MM-DD HH:MM:SS</c>) so both copies hold equal values.
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

        var tables = Tables();
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

        await ExecuteAsync(connection, tx, Ddl(), cancellationToken);
        foreach (var (table, columns) in tables)
        {
            foreach (var (column, description) in columns)
            {
                await ExecuteAsync(connection, tx, $"COMMENT ON COLUMN {table}.{column} IS '{description.Replace("'", "''")}'", cancellationToken);
            }
        }

        foreach (var table in PowerMarketingDatabase.Generate())
        {
            await using var writer = await connection.BeginBinaryImportAsync($"COPY {table.Name} FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in table.Rows)
            {
                await writer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    if (value is null) await writer.WriteNullAsync(cancellationToken);
                    else await writer.WriteAsync(value, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        await ExecuteAsync(connection, null, "ANALYZE", cancellationToken);
        return true;
    }

    /// <summary><see cref="PowerMarketingDatabase.Schema"/> in PostgreSQL: SQLite's REAL is an 8-byte float, PostgreSQL's a 4-byte one.</summary>
    public static string Ddl() => Real().Replace(PowerMarketingDatabase.Schema, "DOUBLE PRECISION");

    /// <summary>Tables in schema order with the trailing <c>--</c> description of each described column.</summary>
    private static List<(string Name, List<(string Column, string Description)> Columns)> Tables()
    {
        var tables = new List<(string, List<(string, string)>)>();
        foreach (var line in PowerMarketingDatabase.Schema.Split('\n'))
        {
            if (CreateTable().Match(line) is { Success: true } t) tables.Add((t.Groups[1].Value, []));
            else if (tables.Count > 0 && DescribedColumn().Match(line) is { Success: true } c) tables[^1].Item2.Add((c.Groups[1].Value, c.Groups[2].Value.Trim()));
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

    [GeneratedRegex(@"^\s*(\w+)\s+[A-Z]+\b[^-]*--\s*(.+)$")]
    private static partial Regex DescribedColumn();
}
