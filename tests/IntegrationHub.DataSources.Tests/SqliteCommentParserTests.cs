namespace IntegrationHub.DataSources.Tests;

public class SqliteCommentParserTests
{
    [Fact]
    public void Reads_column_comments_before_and_after_the_comma_and_the_table_comment()
    {
        var result = SqliteCommentParser.Parse("""
            CREATE TABLE work_order ( -- 工单
                order_id       TEXT PRIMARY KEY,             -- 工单编号
                region_id      INTEGER NOT NULL REFERENCES region(region_id),
                customer_id    TEXT REFERENCES customer(customer_id), -- 关联户号，巡检类为空
                "closed at"    TEXT,
                kind           TEXT CHECK (kind IN ('a','b,c')) -- 类别, 含逗号
            )
            """);
        Assert.Equal("工单", result.TableDescription);
        Assert.Equal("工单编号", result.Columns["order_id"]);
        Assert.Equal("关联户号，巡检类为空", result.Columns["customer_id"]);
        Assert.Equal("类别, 含逗号", result.Columns["kind"]);
        Assert.False(result.Columns.ContainsKey("region_id"));
        Assert.False(result.Columns.ContainsKey("closed at"));
    }

    [Fact]
    public void A_table_without_comments_has_none()
    {
        var result = SqliteCommentParser.Parse("CREATE TABLE secret (k TEXT, v TEXT)");
        Assert.Null(result.TableDescription);
        Assert.Empty(result.Columns);
    }
}
