using System.Data.Common;
using System.Diagnostics;
using Dapper;
using IntegrationHub.Contracts.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IntegrationHub.DataSources;

/// <summary>
/// SQLite sources. A query runs on its own connection opened with <c>Mode=ReadOnly</c> and <c>PRAGMA query_only</c>;
/// before it runs, SQLite's own prepare must say the statement is one read-only statement
/// (<c>sqlite3_stmt_readonly</c>, no tail), and an authorizer refuses anything but reading allowed tables.
/// The timeout interrupts the statement (<c>sqlite3_interrupt</c>).
/// </summary>
internal sealed class SqliteDataSource : IDataSourceProvider
{
    private const int SqliteOk = 0;
    private const int SqliteDeny = 1;
    private const int SqliteAuth = 23;
    private const int ActionPragma = 19;
    private const int ActionRead = 20;
    private const int ActionSelect = 21;
    private const int ActionFunction = 31;
    private const int ActionRecursive = 33;

    public async Task<DatabaseCatalog> ExtractCatalogAsync(string source, DataSourceOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(options, cancellationToken);
        var allowed = Allowed(options);
        var objects = (await connection.QueryAsync<(string Name, string? Sql)>(
            new CommandDefinition("SELECT name, sql FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name", cancellationToken: cancellationToken))).ToList();
        var tables = new List<TableInfo>();
        foreach (var (name, sql) in objects)
        {
            if (allowed is not null && !allowed.Contains(name))
            {
                continue;
            }

            var comments = sql is null ? new SqliteCommentParser.Result(null, new Dictionary<string, string>()) : SqliteCommentParser.Parse(sql);
            var q = Quote(name);
            var info = (await connection.QueryAsync<(long Cid, string Name, string? Type, long NotNull, string? Default, long Pk)>(
                new CommandDefinition($"PRAGMA table_info({q})", cancellationToken: cancellationToken))).ToList();
            var fks = (await connection.QueryAsync<(long Id, long Seq, string Table, string From, string? To)>(
                new CommandDefinition($"SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list({SqlLiteral(name)})", cancellationToken: cancellationToken))).ToList();
            var pk = info.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {q}", cancellationToken: cancellationToken));
            var columns = new List<ColumnInfo>();
            foreach (var c in info)
            {
                IReadOnlyList<string>? values = null;
                if (options.ValueIndex && IsText(c.Type) && !(pk.Count == 1 && pk[0] == c.Name))
                {
                    values = await ValueIndex.SqliteAsync(connection, q, Quote(c.Name), options.ValueIndexMaxDistinct, cancellationToken);
                }

                comments.Columns.TryGetValue(c.Name, out var description);
                columns.Add(new ColumnInfo(c.Name, string.IsNullOrEmpty(c.Type) ? "ANY" : c.Type!, description, c.NotNull == 0 && c.Pk == 0, values));
            }

            var foreignKeys = fks.OrderBy(f => f.Id).ThenBy(f => f.Seq)
                .Select(f => new ForeignKeyInfo(f.From, f.Table, f.To ?? "rowid"))
                .ToList();
            tables.Add(new TableInfo(name, null, comments.TableDescription, columns, pk, foreignKeys, count));
        }

        return new DatabaseCatalog(source, SqlDialects.Sqlite, tables, DateTimeOffset.UtcNow);
    }

    public async Task<QueryResult> QueryAsync(DataSourceOptions options, string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await OpenAsync(options, cancellationToken);
        var db = connection.Handle!;
        var allowed = Allowed(options);
        // The delegate must outlive every prepare on this connection; it is dropped with the connection.
        delegate_authorizer authorizer = (_, action, table, _, _, _) => Authorize(action, table.utf8_to_string(), allowed);
        raw.sqlite3_set_authorizer(db, authorizer, null);
        EnsureSingleReadOnlyStatement(db, sql);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, options.StatementTimeoutSeconds)));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        await using var interrupt = linked.Token.Register(() => raw.sqlite3_interrupt(db));
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameters(command, parameters);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(linked.Token);
            return await ReadAsync(reader, maxRows, watch, linked.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is SqliteException or OperationCanceledException)
        {
            throw new TimeoutException($"The query ran past the source's statement timeout ({options.StatementTimeoutSeconds} s) and was interrupted.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteAuth)
        {
            throw new UnauthorizedAccessException($"Refused: {e.Message.Replace("SQLite Error 23: ", "", StringComparison.Ordinal)} (only the source's allowed tables may be read, and nothing written).", e);
        }
        finally
        {
            GC.KeepAlive(authorizer);
        }
    }

    internal static async Task<QueryResult> ReadAsync(DbDataReader reader, int maxRows, Stopwatch watch, CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        var truncated = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count >= maxRows)
            {
                truncated = true;
                break;
            }

            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = DbValues.ToResult(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return new QueryResult(columns, rows, truncated, watch.Elapsed);
    }

    internal static void AddParameters(DbCommand command, IReadOnlyDictionary<string, object?>? parameters)
    {
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + DbValues.ParameterName(name);
            p.Value = DbValues.ToParameter(value);
            command.Parameters.Add(p);
        }
    }

    /// <summary>SQLite's own verdict: exactly one statement, and one that does not write.</summary>
    private static void EnsureSingleReadOnlyStatement(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt, out var tail);
        try
        {
            if (rc == SqliteAuth)
            {
                throw new UnauthorizedAccessException($"Refused: {raw.sqlite3_errmsg(db).utf8_to_string()}.");
            }

            if (rc != SqliteOk)
            {
                throw new SqliteException($"SQLite error: {raw.sqlite3_errmsg(db).utf8_to_string()}", rc);
            }

            if (stmt is null || stmt.IsInvalid)
            {
                throw new InvalidOperationException("The query is empty.");
            }

            if (raw.sqlite3_stmt_readonly(stmt) == 0)
            {
                throw new UnauthorizedAccessException("Refused: the statement would write to the database; data sources are read-only.");
            }

            if (!string.IsNullOrWhiteSpace(StripComments(tail)))
            {
                throw new UnauthorizedAccessException("Refused: only one statement may be run at a time.");
            }
        }
        finally
        {
            stmt?.Dispose();
        }
    }

    private static string StripComments(string? tail)
    {
        if (string.IsNullOrEmpty(tail)) return "";
        var lines = tail.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("--", StringComparison.Ordinal) && l != ";");
        return string.Join("", lines).Trim(';', ' ', '\t', '\r');
    }

    private static int Authorize(int action, string? table, HashSet<string>? allowed)
    {
        switch (action)
        {
            case ActionSelect or ActionFunction or ActionRecursive:
                return SqliteOk;
            case ActionRead:
                if (table is null || table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
                {
                    return SqliteDeny;
                }

                return allowed is null || allowed.Contains(table) ? SqliteOk : SqliteDeny;
            case ActionPragma:
            default:
                return SqliteDeny;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(DataSourceOptions options, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        if (!File.Exists(builder.DataSource))
        {
            throw new FileNotFoundException($"SQLite database '{builder.DataSource}' does not exist.", builder.DataSource);
        }

        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = 1";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    private static HashSet<string>? Allowed(DataSourceOptions options) =>
        options.AllowedTables.Count == 0 ? null : new HashSet<string>(options.AllowedTables, StringComparer.OrdinalIgnoreCase);

    private static bool IsText(string? type)
    {
        var t = (type ?? "").ToUpperInvariant();
        return t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal);
    }


    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string SqlLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
