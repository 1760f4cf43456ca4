using IntegrationHub.Plugins.DataQuery.Sql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

public sealed class PermissionTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private static readonly AccessPolicy Wenzhou = new(
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["region"] = "city = '温州'" },
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "customer.phone" },
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "meter" });

    private async Task<IReadOnlyList<IReadOnlyList<object?>>> Run(string sql, AccessPolicy policy)
    {
        var v = new SqlValidator(db.Catalog, policy).Validate(sql, 1000);
        return (await db.Sources.QueryAsync("demo", v.ExecutableSql, v.Parameters)).Rows;
    }

    [Fact]
    public async Task Row_filters_reach_every_table_through_foreign_keys()
    {
        var cities = await Run("SELECT r.city, COUNT(*) FROM customer c JOIN region r ON c.region_id = r.region_id GROUP BY r.city", Wenzhou);
        Assert.Equal("温州", Assert.Single(cities)[0]);

        var bills = await Run("SELECT COUNT(*), SUM(amount_yuan) FROM bill", Wenzhou);
        var expected = await db.Sources.QueryAsync("demo", "SELECT COUNT(*), SUM(b.amount_yuan) FROM bill b JOIN customer c ON c.customer_id = b.customer_id JOIN region r ON r.region_id = c.region_id WHERE r.city = '温州'");
        Assert.Equal(expected.Rows[0][0], bills[0][0]);
        Assert.Equal((double)expected.Rows[0][1]!, (double)bills[0][1]!, 6);

        var outages = await Run("SELECT COUNT(*) FROM outage o JOIN region r ON o.region_id = r.region_id WHERE r.city = '杭州'", Wenzhou);
        Assert.Equal(0L, outages[0][0]);

        var unrestricted = await Run("SELECT COUNT(DISTINCT city) FROM region", AccessPolicy.Unrestricted);
        Assert.Equal(11L, unrestricted[0][0]);
    }

    [Theory]
    [InlineData("SELECT name, phone FROM customer")]
    [InlineData("SELECT c.phone FROM customer c")]
    [InlineData("SELECT x.phone FROM (SELECT * FROM customer) x")]
    [InlineData("SELECT name FROM customer WHERE phone LIKE '138%'")]
    public void Hidden_columns_are_refused(string sql)
    {
        var e = Assert.Throws<SqlRefusedException>(() => new SqlValidator(db.Catalog, Wenzhou).Validate(sql, 100));
        // through a derived table the hidden column is simply not there
        Assert.Contains(e.Code, new[] { "permission.column", "sql.unknown-column" });
    }

    [Fact]
    public async Task Star_does_not_reveal_hidden_columns()
    {
        var v = new SqlValidator(db.Catalog, Wenzhou).Validate("SELECT * FROM customer", 5);
        var result = await db.Sources.QueryAsync("demo", v.ExecutableSql, v.Parameters);
        Assert.DoesNotContain("phone", result.Columns);
        Assert.Contains("name", result.Columns);
    }

    [Fact]
    public void Denied_tables_are_refused()
    {
        var e = Assert.Throws<SqlRefusedException>(() => new SqlValidator(db.Catalog, Wenzhou).Validate("SELECT COUNT(*) FROM meter", 100));
        Assert.Equal("permission.table", e.Code);
    }
}
