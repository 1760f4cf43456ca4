using Microsoft.Data.Sqlite;

namespace IntegrationHub.DemoData;

/// <summary>
/// A provincial utility's marketing records (customers, meters, monthly consumption, bills, payments, outages,
/// work orders, outbound calls), synthetic and seeded, as of <see cref="AsOf"/>: the rows of <c>generate.py</c>
/// (<see cref="PowerMarketingGenerator"/>) written to SQLite.
/// </summary>
public static partial class PowerMarketingDatabase
{
    public static readonly DateOnly AsOf = new(2025, 6, 18);

    /// <summary>Creates the database at <paramref name="path"/> unless a file is already there; returns true when it created one.</summary>
    public static bool EnsureCreated(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Built beside the target and moved into place, so a half-written file is never taken for the database.
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            Create(temp);
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone else created it meanwhile.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return true;
    }

    /// <summary>Writes the database to <paramref name="path"/>, replacing any file there.</summary>
    public static void Create(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        var tables = Generate();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
        using (var tx = connection.BeginTransaction())
        {
            Execute(connection, tx, Schema);
            foreach (var table in tables) Insert(connection, tx, table);
            tx.Commit();
        }

        Execute(connection, null, "VACUUM");
    }

    /// <summary>Every table's rows in <see cref="Schema"/> order (parents first), column values in schema order.</summary>
    public static IReadOnlyList<DemoTable> Generate() => PowerMarketingGenerator.Generate();

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, DemoTable table)
    {
        if (table.Rows.Count == 0) return;
        var (columns, rows) = (table.Rows[0].Length, table.Rows);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO {table.Name} VALUES ({string.Join(",", Enumerable.Range(0, columns).Select(i => "$p" + i))})";
        var parameters = Enumerable.Range(0, columns).Select(i => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>One table of the demo database: its name and rows, values in the column order of <see cref="PowerMarketingDatabase.Schema"/>.</summary>
public sealed record DemoTable(string Name, IReadOnlyList<object?[]> Rows);
