using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

[Collection(PowerMarketingCollection.Name)]
public sealed partial class PortableSqlTests(PowerMarketingFixture db)
{
    [Theory]
    [InlineData(SqlDialects.Sqlite, "AVG(((julianday(o.end_at) - julianday(o.start_at)) * 24))")]
    [InlineData(SqlDialects.PostgreSql, "AVG((EXTRACT(EPOCH FROM (CAST(o.end_at AS timestamp) - CAST(o.start_at AS timestamp))) / 3600))")]
    public void Hours_between_is_rendered_per_dialect(string dialect, string expected) =>
        Assert.Equal(expected, PortableSql.Render("AVG(HOURS_BETWEEN(o.start_at, o.end_at))", dialect));

    [Fact]
    public void Typed_operands_are_not_cast_and_calls_nest()
    {
        var sql = PortableSql.Render("SUM(days_between(t.a, COALESCE(t.b, t.a))) / 7", SqlDialects.PostgreSql, c => c == "t.a");
        Assert.Equal("SUM((EXTRACT(EPOCH FROM (CAST(COALESCE(t.b, t.a) AS timestamp) - t.a)) / 86400)) / 7", sql);
        Assert.Equal("substr(substr(t.d, 1, 10), 1, 7)", PortableSql.Render("MONTH_OF(DATE_OF(t.d))", SqlDialects.Sqlite));
        Assert.Equal("to_char(t.a, 'YYYY')", PortableSql.Render("YEAR_OF(t.a)", SqlDialects.PostgreSql, c => c == "t.a"));
        Assert.Equal("substr(CAST(t.d AS text), 1, 7)", PortableSql.Render("MONTH_OF(t.d)", SqlDialects.PostgreSql));
    }

    [Fact]
    public void Literals_other_functions_and_wrong_arity_pass_through()
    {
        const string sql = "x.my_days_between(a) + 'HOURS_BETWEEN(a, b)' + HOURS_BETWEEN(a) + \"MONTH_OF\"(c) + year_of_birth";
        Assert.Equal(sql, PortableSql.Render(sql, SqlDialects.PostgreSql));
    }

    [Fact]
    public void Every_shipped_expression_runs_on_sqlite_once_rendered()
    {
        var layer = PortableSql.ForCatalog(db.Layer, db.Catalog);
        foreach (var sql in Probes(layer))
        {
            using var command = db.Connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteScalar();
        }
    }

    [Fact]
    public void The_shipped_layer_rendered_for_postgresql_uses_no_sqlite_only_sql()
    {
        var layer = PortableSql.ForCatalog(db.Layer, db.Catalog with { Dialect = SqlDialects.PostgreSql });
        Assert.All(Probes(layer), sql => Assert.DoesNotMatch(SqliteOnly(), sql));
        Assert.Contains(layer.Metrics, m => m.Expression.Contains("EXTRACT(EPOCH FROM", StringComparison.Ordinal));
    }

    /// <summary>One query per metric, dimension and filter of the layer.</summary>
    private static IEnumerable<string> Probes(IntegrationHub.Contracts.Workers.Reasoning.SemanticLayer layer) =>
        layer.Metrics.Select(m => $"SELECT {m.Expression} FROM {m.Table}" + (m.Filter is null ? "" : $" WHERE {m.Filter}"))
            .Concat(layer.Dimensions.Select(d => $"SELECT {d.Expression}, COUNT(*) FROM {d.Table} GROUP BY {d.Expression} LIMIT 1"))
            .Concat(layer.Filters.Select(f => $"SELECT COUNT(*) FROM {f.Table} WHERE {f.Condition}"));

    [GeneratedRegex(@"\b(julianday|strftime|datetime|date|ifnull|iif|group_concat|printf|instr|unixepoch)\s*\(|\b(glob|regexp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteOnly();
}
