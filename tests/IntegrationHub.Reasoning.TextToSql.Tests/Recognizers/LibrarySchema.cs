using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>
/// A small library schema the recogniser tests build in code (no database: recognisers only read the catalog):
/// branches, members, books, loans; declared keys, Chinese comments, sampled values. Not the demo schema, not a
/// defog one.
/// </summary>
internal static class LibrarySchema
{
    public static readonly DateOnly AsOf = new(2025, 6, 18);

    public static DatabaseCatalog Catalog { get; } = new("library", "sqlite",
    [
        Table("branch", "分馆", ["branch_id"], [],
            Col("branch_id", "INTEGER", "分馆编号"), Col("branch_name", "TEXT", "分馆名称"),
            Col("city", "TEXT", "所在城市", ["杭州", "宁波"]), Col("floor_area", "REAL", "面积（平方米）")),
        Table("member", "读者", ["member_id"], [new ForeignKeyInfo("branch_id", "branch", "branch_id")],
            Col("member_id", "INTEGER", "读者编号"), Col("member_name", "TEXT", "读者姓名"), Col("branch_id", "INTEGER", "所属分馆"),
            Col("joined_on", "DATE", "入会日期"), Col("is_student", "BOOLEAN", "学生"), Col("grade", "TEXT", "读者等级", ["A", "B", "C"])),
        Table("book", "图书", ["book_id"], [],
            Col("book_id", "INTEGER", "图书编号"), Col("title", "TEXT", "书名"), Col("genre", "TEXT", "体裁", ["novel", "history", "science"]),
            Col("price", "REAL", "价格"), Col("published_year", "INTEGER", "出版年份")),
        Table("loan", "借阅", ["loan_id"], [new ForeignKeyInfo("book_id", "book", "book_id"), new ForeignKeyInfo("member_id", "member", "member_id")],
            Col("loan_id", "INTEGER", "借阅编号"), Col("book_id", "INTEGER", "图书"), Col("member_id", "INTEGER", "读者"),
            Col("borrowed_at", "DATE", "借出日期"), Col("returned_at", "DATE", "归还日期"), Col("fine", "REAL", "罚款金额"),
            Col("status", "TEXT", "借阅状态", ["已归还", "逾期", "丢失"])),
    ], new DateTimeOffset(2025, 6, 18, 0, 0, 0, TimeSpan.Zero));

    private static readonly CatalogIndex Index = new(Catalog, null);

    public static TableModel Table(string name) => Index.Table(name)!;

    /// <summary>Links <paramref name="question"/> and runs the planner's recognisers up to and including <typeparamref name="T"/>.</summary>
    public static PlanContext After<T>(string question) where T : IConstructRecognizer
    {
        var plan = new PlanContext(Index, question, AsOf);
        foreach (var recognizer in QueryPlanner.Recognizers)
        {
            recognizer.Apply(plan);
            if (recognizer is T) return plan;
        }
        throw new InvalidOperationException($"{typeof(T).Name} is not in the planner's list.");
    }

    /// <summary>The whole plan: every recogniser, then the SQL.</summary>
    public static TextToSqlReply Translate(string question) =>
        new OfflineTextToSqlEngine().Translate(new TextToSqlRequest(question, Catalog, AsOf, null));

    private static TableInfo Table(string name, string description, string[] key, ForeignKeyInfo[] links, params ColumnInfo[] columns) =>
        new(name, null, description, columns, key, links);

    private static ColumnInfo Col(string name, string type, string description, string[]? values = null) =>
        new(name, type, description, true, values);
}
