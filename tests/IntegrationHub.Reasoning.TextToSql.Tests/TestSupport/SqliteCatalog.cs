using System.Text.RegularExpressions;
using Dapper;
using IntegrationHub.Contracts.Data;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

/// <summary>
/// Stand-in for the DataSources catalog extraction until src/IntegrationHub.DataSources exists: tables, columns,
/// keys, trailing "--" comments as descriptions and a value index of low-cardinality text columns.
/// </summary>
public static partial class SqliteCatalog
{
    public const int MaxIndexedValues = 64;

    public static DatabaseCatalog Read(SqliteConnection connection, string source = "test")
    {
        var tables = new List<TableInfo>();
        var rows = connection.Query<(string Name, string Sql)>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").ToList();
        foreach (var (name, sql) in rows)
        {
            var comments = Comments(sql);
            var info = connection.Query<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>($"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}')").ToList();
            var fks = connection.Query<(string Table, string From, string To)>($"SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{name}')")
                .Select(f => new ForeignKeyInfo(f.From, f.Table, f.To)).ToList();
            var count = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{name}\"");
            var columns = new List<ColumnInfo>();
            foreach (var c in info)
            {
                IReadOnlyList<string>? values = null;
                if ((c.Type.Contains("TEXT", StringComparison.OrdinalIgnoreCase) || c.Type.Length == 0) && c.Pk == 0)
                {
                    var distinct = connection.Query<string>($"SELECT DISTINCT \"{c.Name}\" FROM \"{name}\" WHERE \"{c.Name}\" IS NOT NULL LIMIT {MaxIndexedValues + 1}").ToList();
                    if (distinct.Count <= MaxIndexedValues) values = distinct;
                }
                comments.TryGetValue(c.Name, out var description);
                columns.Add(new ColumnInfo(c.Name, c.Type, description, c.NotNull == 0 && c.Pk == 0, values));
            }
            var pk = info.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            comments.TryGetValue("", out var tableDescription);
            tables.Add(new TableInfo(name, null, tableDescription, columns, pk, fks, count));
        }
        return new DatabaseCatalog(source, SqlDialects.Sqlite, tables, DateTimeOffset.UnixEpoch);
    }

    /// <summary>Column name → trailing comment; "" → the comment on the CREATE TABLE line.</summary>
    private static Dictionary<string, string> Comments(string sql)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in sql.Split('\n'))
        {
            var dash = line.IndexOf("--", StringComparison.Ordinal);
            if (dash < 0) continue;
            var comment = line[(dash + 2)..].Trim();
            var code = line[..dash].Trim();
            if (code.StartsWith("CREATE TABLE", StringComparison.OrdinalIgnoreCase)) { map[""] = comment; continue; }
            var m = ColumnName().Match(code);
            if (m.Success) map[m.Groups[1].Value.Trim('"', '`', '[', ']')] = comment;
        }
        return map;
    }

    [GeneratedRegex(@"^([""`\[]?[A-Za-z_][A-Za-z0-9_]*[""`\]]?)\s")]
    private static partial Regex ColumnName();
}
