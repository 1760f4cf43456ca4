using System.Text.Json;
using IntegrationHub.Plugins.DataQuery.Sql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

public sealed class SqlValidatorTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    public static IEnumerable<object[]> GoldQueries()
    {
        var path = DemoDatabase.FindShared("datasets/power-marketing/questions.dev.jsonl");
        if (path is null) yield break;
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            yield return [doc.RootElement.GetProperty("id").GetString()!, doc.RootElement.GetProperty("gold_sql").GetString()!];
        }
    }

    [Theory]
    [MemberData(nameof(GoldQueries))]
    public async Task Every_dev_gold_query_passes_and_gives_the_same_rows_rewritten(string id, string sql)
    {
        var validated = new SqlValidator(db.Catalog).Validate(sql, 1000);
        var original = await db.Sources.QueryAsync("demo", sql);
        var rewritten = await db.Sources.QueryAsync("demo", validated.ExecutableSql, validated.Parameters);
        Assert.True(original.Rows.Count == rewritten.Rows.Count, $"{id}: {validated.ExecutableSql}");
        Assert.Equal(JsonSerializer.Serialize(original.Rows), JsonSerializer.Serialize(rewritten.Rows));
        Assert.Contains("LIMIT", validated.Sql, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("DELETE FROM bill", "sql.not-a-query")]
    [InlineData("drop table bill", "sql.not-a-query")]
    [InlineData("1; DELETE FROM bill", "sql.not-a-query")]
    [InlineData("SELECT 1; DELETE FROM bill", "sql.not-a-query")]
    [InlineData("SELECT * FROM bill; SELECT * FROM customer", "sql.not-a-query")]
    [InlineData("PRAGMA table_info(bill)", "sql.not-a-query")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM bill", "sql.parse")]
    [InlineData("SELECT * FROM sqlite_master", "sql.table-not-allowed")]
    [InlineData("SELECT city FROM region UNION SELECT sql FROM sqlite_master", "sql.table-not-allowed")]
    [InlineData("SELECT * FROM pragma_table_info('bill')", "sql.function-not-allowed")]
    [InlineData("SELECT load_extension('x')", "sql.function-not-allowed")]
    [InlineData("SELECT nosuch FROM bill", "sql.unknown-column")]
    [InlineData("SELECT b.nosuch FROM bill b", "sql.unknown-column")]
    [InlineData("SELECT x.status FROM bill b", "sql.unknown-table")]
    [InlineData("WITH bill AS (SELECT 1 AS a) SELECT * FROM bill", "sql.cte-shadows-table")]
    [InlineData("SELECT * FROM bill WHERE status = @p9", "sql.unknown-parameter")]
    [InlineData("SELECT 'unterminated FROM bill", "sql.parse")]
    [InlineData("", "sql.empty")]
    public void Refuses_what_is_not_one_allowed_query(string sql, string code)
    {
        var e = Assert.Throws<SqlRefusedException>(() => new SqlValidator(db.Catalog).Validate(sql, 100));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Parses_postgresql_shapes()
    {
        var v = new SqlValidator(db.Catalog with { Dialect = "postgresql" });
        string[] queries =
        [
            "SELECT date_trunc('month', created_at::timestamp) AS m, COUNT(*) FROM work_order WHERE created_at::date >= CURRENT_DATE - INTERVAL '30 days' GROUP BY 1 ORDER BY 1",
            "SELECT EXTRACT(YEAR FROM CAST(start_at AS timestamp)) AS y, AVG(EXTRACT(EPOCH FROM (end_at::timestamp - start_at::timestamp)) / 3600.0) FROM outage GROUP BY y",
            "SELECT DISTINCT ON (customer_id) customer_id, month FROM bill WHERE status ILIKE '逾%' ORDER BY customer_id, month DESC",
            "SELECT city, COUNT(*) FILTER (WHERE district LIKE '%区') FROM region GROUP BY city ORDER BY 2 DESC FETCH FIRST 5 ROWS ONLY",
            "SELECT string_agg(district, ',' ORDER BY district) FROM region WHERE city = ANY (SELECT city FROM region)",
            "SELECT to_char(CAST(@p0 AS date), 'YYYY-MM') AS m",
            "SELECT COUNT(*) FROM work_order WHERE created_at::date >= CURRENT_DATE - INTERVAL '70' DAY AND created_at::date < CURRENT_DATE - INTERVAL '0-1' YEAR TO MONTH",
        ];
        foreach (var q in queries)
        {
            var validated = v.Validate(q, 10, new Dictionary<string, object?> { ["p0"] = "2025-06-18" });
            Assert.DoesNotContain("@q", validated.ExecutableSql);
        }

        // The SQL standard's interval field stays with its literal (defog-style SQL writes INTERVAL '70' DAY).
        Assert.Contains("INTERVAL '70' DAY AND", v.Validate(queries[^1], 10).ExecutableSql);
        Assert.EndsWith("FETCH FIRST 5 ROWS ONLY", v.Validate(queries[3], 10).Sql);
        Assert.Contains("FETCH FIRST 11 ROWS ONLY", v.Validate(queries[3].Replace("FIRST 5", "FIRST 500", StringComparison.Ordinal), 10).Sql);
    }

    [Fact]
    public void Row_limit_is_appended_or_lowered()
    {
        var v = new SqlValidator(db.Catalog);
        Assert.EndsWith("LIMIT 101", v.Validate("SELECT * FROM bill;", 100).Sql);
        Assert.EndsWith("LIMIT 101", v.Validate("SELECT * FROM bill LIMIT 100000", 100).Sql);
        Assert.EndsWith("LIMIT 5", v.Validate("SELECT * FROM bill LIMIT 5", 100).Sql);
        Assert.StartsWith("SELECT * FROM (", v.Validate("SELECT * FROM bill LIMIT (SELECT 1000000)", 100).Sql);
    }

    [Fact]
    public void Literals_become_parameters_on_sqlite()
    {
        var v = new SqlValidator(db.Catalog).Validate("SELECT COUNT(*) FROM bill WHERE status = '逾期' AND month = '2025-05'", 10);
        Assert.DoesNotContain("逾期", v.ExecutableSql);
        Assert.Equal("逾期", v.Parameters["@q0"]);
        Assert.Equal("2025-05", v.Parameters["@q1"]);
        Assert.Contains("'逾期'", v.Sql);
    }

    [Fact]
    public void Parses_the_shapes_engines_write()
    {
        var v = new SqlValidator(db.Catalog);
        string[] queries =
        [
            "SELECT r.city AS \"地市\", ROUND(SUM(b.amount_yuan), 2) AS owed FROM bill AS b INNER JOIN customer c ON c.customer_id = b.customer_id LEFT OUTER JOIN region r USING (region_id) WHERE b.status IN ('逾期', '未缴') AND NOT b.kwh BETWEEN 1 AND 2 GROUP BY 1 HAVING COUNT(DISTINCT c.customer_id) > 0 ORDER BY owed DESC NULLS LAST",
            "WITH m AS (SELECT month, SUM(total_kwh) AS kwh FROM monthly_consumption GROUP BY month) SELECT month, kwh, kwh - LAG(kwh) OVER (ORDER BY month) AS delta FROM m ORDER BY month",
            "SELECT CASE WHEN satisfaction >= 4 THEN 'good' ELSE 'bad' END AS s, COUNT(*) FROM outbound_call WHERE satisfaction IS NOT NULL AND called_at LIKE '2025-%' GROUP BY s",
            "SELECT CAST(strftime('%Y', created_at) AS INTEGER) AS y, COUNT(*) FILTER (WHERE status = '已完成') FROM work_order GROUP BY y",
            "SELECT * FROM (SELECT city, COUNT(*) AS n FROM region GROUP BY city) t WHERE t.n > 2",
            "SELECT customer_id FROM customer c WHERE EXISTS (SELECT 1 FROM bill b WHERE b.customer_id = c.customer_id AND b.status = '逾期') AND c.category <> '居民生活'",
            "SELECT COUNT(*) FROM outage WHERE start_at >= date('2025-06-18', 'start of month', '-1 month') AND start_at < date('2025-06-18', 'start of month')",
            "SELECT 1.0 * SUM(CASE WHEN result = '接通' THEN 1 ELSE 0 END) / COUNT(*) AS rate FROM outbound_call",
            "SELECT (SELECT COUNT(*) FROM region) AS a, -(1 + 2) * 3 % 2 AS b, 'x' || 'y' AS c",
        ];
        foreach (var q in queries)
        {
            v.Validate(q, 10);
        }
    }
}
