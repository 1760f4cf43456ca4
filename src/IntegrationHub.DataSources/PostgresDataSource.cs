using System.Data;
using System.Diagnostics;
using Dapper;
using IntegrationHub.Contracts.Data;
using Npgsql;

namespace IntegrationHub.DataSources;

/// <summary>
/// PostgreSQL sources. Every session is opened with <c>default_transaction_read_only=on</c> and the source's
/// <c>statement_timeout</c>, and each query runs in a transaction declared <c>READ ONLY</c> that is rolled back.
/// The catalog comes from <c>pg_catalog</c>, with <c>COMMENT ON</c> descriptions.
/// </summary>
internal sealed class PostgresDataSource : IDataSourceProvider
{
    public async Task<DatabaseCatalog> ExtractCatalogAsync(string source, DataSourceOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(options, cancellationToken);
        // Without an allow-list, the schemas on the connection's search path (usually just public).
        var schemas = options.AllowedSchemas.Count > 0
            ? options.AllowedSchemas.ToArray()
            : (await connection.QueryAsync<string>(new CommandDefinition("SELECT unnest(current_schemas(false))", cancellationToken: cancellationToken))).ToArray();
        var allowed = options.AllowedTables.Count == 0 ? null : new HashSet<string>(options.AllowedTables, StringComparer.OrdinalIgnoreCase);
        var columns = (await connection.QueryAsync<(string Schema, string Table, string? TableComment, string Column, string Type, bool Nullable, string? Comment)>(new CommandDefinition("""
            SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class'), a.attname,
                   format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, col_description(c.oid, a.attnum)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'v', 'm', 'p') AND n.nspname = ANY(@schemas)
            ORDER BY n.nspname, c.relname, a.attnum
            """, new { schemas }, cancellationToken: cancellationToken))).ToList();
        var keys = (await connection.QueryAsync<(string Schema, string Table, string Kind, long ConstraintOid, string Column, string? RefTable, string? RefColumn)>(new CommandDefinition("""
            SELECT n.nspname, c.relname, con.contype::text, con.oid::bigint, a.attname, rc.relname, ra.attname
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.fattnum
            WHERE con.contype IN ('p', 'f') AND n.nspname = ANY(@schemas)
            ORDER BY n.nspname, c.relname, con.oid, k.ord
            """, new { schemas }, cancellationToken: cancellationToken))).ToList();

        var tables = new List<TableInfo>();
        foreach (var group in columns.GroupBy(c => (c.Schema, c.Table)))
        {
            var (schema, table) = group.Key;
            if (allowed is not null && !allowed.Contains(table) && !allowed.Contains($"{schema}.{table}"))
            {
                continue;
            }

            var q = $"{Quote(schema)}.{Quote(table)}";
            var tableKeys = keys.Where(k => k.Schema == schema && k.Table == table).ToList();
            var pk = tableKeys.Where(k => k.Kind == "p").Select(k => k.Column).ToList();
            var fks = tableKeys.Where(k => k.Kind == "f" && k.RefTable is not null).Select(k => new ForeignKeyInfo(k.Column, k.RefTable!, k.RefColumn!)).ToList();
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM {q}", cancellationToken: cancellationToken));
            var list = new List<ColumnInfo>();
            foreach (var c in group)
            {
                IReadOnlyList<string>? values = null;
                if (options.ValueIndex && IsText(c.Type) && !(pk.Count == 1 && pk[0] == c.Column))
                {
                    values = await ValueIndex.PostgresAsync(connection, q, Quote(c.Column), options.ValueIndexMaxDistinct, cancellationToken);
                }

                list.Add(new ColumnInfo(c.Column, c.Type, c.Comment, c.Nullable, values));
            }

            tables.Add(new TableInfo(table, schema, group.First().TableComment, list, pk, fks, count));
        }

        return new DatabaseCatalog(source, SqlDialects.PostgreSql, tables, DateTimeOffset.UtcNow);
    }

    public async Task<QueryResult> QueryAsync(DataSourceOptions options, string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await OpenAsync(options, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var setup = new NpgsqlCommand($"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {Math.Max(1, options.StatementTimeoutSeconds) * 1000}", connection, transaction))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction)
        {
            CommandTimeout = Math.Max(1, options.StatementTimeoutSeconds) + 5,
        };
        SqliteDataSource.AddParameters(command, parameters);
        try
        {
            QueryResult result;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                result = await SqliteDataSource.ReadAsync(reader, maxRows, watch, cancellationToken);
            }

            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            throw new TimeoutException($"The query ran past the source's statement timeout ({options.StatementTimeoutSeconds} s) and was cancelled.", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            throw new UnauthorizedAccessException("Refused: the statement would write to the database; data sources are read-only.", e);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(DataSourceOptions options, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var settings = $"-c default_transaction_read_only=on -c statement_timeout={Math.Max(1, options.StatementTimeoutSeconds) * 1000}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? settings : $"{builder.Options} {settings}";
        var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static bool IsText(string type) =>
        type.StartsWith("text", StringComparison.OrdinalIgnoreCase) || type.StartsWith("character", StringComparison.OrdinalIgnoreCase)
        || type.StartsWith("varchar", StringComparison.OrdinalIgnoreCase) || type.StartsWith("citext", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
