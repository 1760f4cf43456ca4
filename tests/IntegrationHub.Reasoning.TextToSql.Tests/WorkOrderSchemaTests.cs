using System.Globalization;
using Dapper;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>A third schema (a facilities work-order system): table comments, English column names, one-character values, no semantic layer.</summary>
public sealed class WorkOrderSchemaTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 6, 18);

    private const string Schema = """
        CREATE TABLE department ( -- 部门表
            dept_id     INTEGER PRIMARY KEY,   -- 部门编号
            dept_name   TEXT NOT NULL,         -- 部门名称
            site        TEXT NOT NULL          -- 所在园区：东区/西区/南区
        );
        CREATE TABLE staff ( -- 员工信息表
            staff_id    INTEGER PRIMARY KEY,   -- 员工编号
            full_name   TEXT NOT NULL,         -- 姓名
            dept_id     INTEGER NOT NULL REFERENCES department(dept_id),
            gender      TEXT NOT NULL          -- 性别：男/女
        );
        CREATE TABLE ticket ( -- 工单表
            ticket_id   INTEGER PRIMARY KEY,   -- 工单号
            dept_id     INTEGER NOT NULL REFERENCES department(dept_id),
            assignee_id INTEGER REFERENCES staff(staff_id), -- 处理人
            category    TEXT NOT NULL,         -- 工单类别：报修/咨询/投诉/巡查
            priority    TEXT NOT NULL,         -- 优先级：高/中/低
            status      TEXT NOT NULL,         -- 状态：新建/处理中/已关闭
            created_at  TEXT NOT NULL,         -- 创建时间
            closed_at   TEXT,                  -- 关闭时间
            cost        REAL NOT NULL          -- 处理费用（元）
        );
        """;

    public static readonly GoldQuestion[] Questions =
    [
        new("w01", "工单总数是多少", "SELECT COUNT(*) FROM ticket"),
        new("w02", "各部门的工单数量", "SELECT d.dept_name, COUNT(*) FROM ticket t JOIN department d ON t.dept_id=d.dept_id GROUP BY d.dept_id"),
        new("w03", "上个月创建了多少工单", "SELECT COUNT(*) FROM ticket WHERE created_at >= '2025-05-01' AND created_at < '2025-06-01'"),
        new("w04", "已关闭的工单有多少", "SELECT COUNT(*) FROM ticket WHERE status='已关闭'"),
        new("w05", "高优先级工单有多少", "SELECT COUNT(*) FROM ticket WHERE priority='高'"),
        new("w06", "优先级为低的投诉工单数", "SELECT COUNT(*) FROM ticket WHERE priority='低' AND category='投诉'"),
        new("w07", "处理费用最高的3个部门", "SELECT d.dept_name, SUM(t.cost) AS c FROM ticket t JOIN department d ON t.dept_id=d.dept_id GROUP BY d.dept_id ORDER BY c DESC LIMIT 3"),
        new("w08", "今年每个月的工单数", "SELECT substr(created_at,1,7) AS m, COUNT(*) FROM ticket WHERE created_at >= '2025-01-01' GROUP BY m"),
        new("w09", "各园区的工单数", "SELECT d.site, COUNT(*) FROM ticket t JOIN department d ON t.dept_id=d.dept_id GROUP BY d.site"),
        new("w10", "各类工单的平均处理费用", "SELECT category, AVG(cost) FROM ticket GROUP BY category"),
        new("w11", "东区有多少员工", "SELECT COUNT(*) FROM staff s JOIN department d ON s.dept_id=d.dept_id WHERE d.site='东区'"),
        new("w12", "How many tickets were created this year?", "SELECT COUNT(*) FROM ticket WHERE created_at >= '2025-01-01' AND created_at < '2026-01-01'"),
        new("w13", "Total cost by category last year", "SELECT category, SUM(cost) FROM ticket WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01' GROUP BY category"),
        new("w14", "工单的平均关闭时长（小时）", "SELECT AVG((julianday(closed_at)-julianday(created_at))*24) FROM ticket"),
        new("w15", "报修工单最多的员工", "SELECT s.full_name, COUNT(*) AS n FROM ticket t JOIN staff s ON t.assignee_id=s.staff_id WHERE t.category='报修' GROUP BY s.staff_id ORDER BY n DESC LIMIT 1"),
    ];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ih-texttosql-tickets-{Environment.ProcessId}-{Guid.NewGuid():N}.sqlite");
    private readonly SqliteConnection _connection;
    private readonly ITestOutputHelper _output;

    public WorkOrderSchemaTests(ITestOutputHelper output)
    {
        _output = output;
        _connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _connection.Open();
        _connection.Execute(Schema);
        var rng = new Random(7);
        using var tx = _connection.BeginTransaction();
        string[] depts = ["运维部", "客服部", "工程部", "安保部", "行政部"];
        string[] sites = ["东区", "西区", "南区"];
        for (var i = 0; i < depts.Length; i++) _connection.Execute("INSERT INTO department VALUES (@i, @n, @s)", new { i = i + 1, n = depts[i], s = sites[i % 3] }, tx);
        for (var i = 0; i < 20; i++) _connection.Execute("INSERT INTO staff VALUES (@i, @n, @d, @g)", new { i = i + 1, n = $"员工{i + 1:00}", d = i % 5 + 1, g = i % 3 == 0 ? "女" : "男" }, tx);
        string[] cats = ["报修", "咨询", "投诉", "巡查"];
        string[] prios = ["高", "中", "中", "低"];
        var start = new DateTime(2024, 1, 1);
        for (var i = 0; i < 900; i++)
        {
            var created = start.AddMinutes(rng.Next(0, (int)(new DateTime(2025, 6, 17) - start).TotalMinutes));
            var status = rng.NextDouble() switch { < 0.75 => "已关闭", < 0.9 => "处理中", _ => "新建" };
            _connection.Execute("INSERT INTO ticket VALUES (@id, @dept, @who, @cat, @prio, @status, @created, @closed, @cost)", new
            {
                id = i + 1, dept = rng.Next(1, 6), who = rng.Next(1, 21), cat = cats[rng.Next(4)], prio = prios[rng.Next(4)], status,
                created = created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                closed = status == "已关闭" ? created.AddHours(rng.Next(1, 200)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null,
                cost = Math.Round(rng.NextDouble() * 3000, 2),
            }, tx);
        }
        tx.Commit();
    }

    [Fact]
    public void Work_order_questions_are_answered_without_a_semantic_layer()
    {
        var catalog = Catalogs.Read(_path, "tickets");
        var report = AccuracyRunner.Score(new OfflineTextToSqlEngine(), _connection, catalog, layer: null, AsOf, Questions,
            verbose: Environment.GetEnvironmentVariable("TEXT_TO_SQL_VERBOSE") == "1");
        _output.WriteLine(report.Details);
        Console.WriteLine($"work-order schema EX {report.Correct}/{report.Total}");
        Console.WriteLine(report.Details);
        Assert.True(report.Correct >= report.Total - 1, $"EX {report.Correct}/{report.Total}\n{report.Details}");
    }

    public void Dispose()
    {
        _connection.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
