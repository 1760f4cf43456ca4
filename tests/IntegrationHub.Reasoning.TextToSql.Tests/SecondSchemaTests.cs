using System.Globalization;
using Dapper;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>
/// A second database with a different schema (metro tunnel defects), described only by its "--" comments and
/// value index, with NO semantic layer: the engine must still answer simple count/sum/group/top-N/time questions.
/// </summary>
public sealed class SecondSchemaTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 6, 18);

    private const string Schema = """
        CREATE TABLE tunnel (
            tunnel_id    INTEGER PRIMARY KEY,   -- 隧道编号
            name         TEXT NOT NULL,         -- 隧道名称
            line         TEXT NOT NULL,         -- 所属线路：1号线/2号线/3号线
            length_m     REAL NOT NULL,         -- 隧道长度（米）
            opened_on    TEXT NOT NULL          -- 开通日期 YYYY-MM-DD
        );
        CREATE TABLE inspector (
            inspector_id INTEGER PRIMARY KEY,   -- 巡检员编号
            name         TEXT NOT NULL,         -- 巡检员姓名
            team         TEXT NOT NULL          -- 班组：甲班/乙班/丙班
        );
        CREATE TABLE defect (
            defect_id    INTEGER PRIMARY KEY,   -- 缺陷编号
            tunnel_id    INTEGER NOT NULL REFERENCES tunnel(tunnel_id),
            inspector_id INTEGER NOT NULL REFERENCES inspector(inspector_id),
            defect_type  TEXT NOT NULL,         -- 缺陷类型：渗漏水/裂缝/剥落/变形/积水
            severity     TEXT NOT NULL,         -- 严重程度：一般/较重/严重
            found_at     TEXT NOT NULL,         -- 发现时间 YYYY-MM-DD HH:MM:SS
            repaired_at  TEXT,                  -- 整改完成时间，未整改为空
            repair_cost  REAL,                  -- 整改费用（元）
            status       TEXT NOT NULL          -- 状态：待整改/整改中/已整改
        );
        """;

    public static readonly GoldQuestion[] Questions =
    [
        new("s01", "缺陷一共有多少条？", "SELECT COUNT(*) FROM defect"),
        new("s02", "各隧道的缺陷数量", "SELECT t.name, COUNT(*) FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id GROUP BY t.tunnel_id"),
        new("s03", "上个月发现了多少缺陷？", "SELECT COUNT(*) FROM defect WHERE found_at >= '2025-05-01' AND found_at < '2025-06-01'"),
        new("s04", "严重缺陷有多少个", "SELECT COUNT(*) FROM defect WHERE severity='严重'"),
        new("s05", "各缺陷类型的数量", "SELECT defect_type, COUNT(*) FROM defect GROUP BY defect_type"),
        new("s06", "今年每个月的缺陷数", "SELECT substr(found_at,1,7) AS m, COUNT(*) FROM defect WHERE found_at >= '2025-01-01' GROUP BY m"),
        new("s07", "渗漏水缺陷最多的3条隧道", "SELECT t.name, COUNT(*) AS n FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id WHERE d.defect_type='渗漏水' GROUP BY t.tunnel_id ORDER BY n DESC LIMIT 3"),
        new("s08", "整改费用总计多少？", "SELECT SUM(repair_cost) FROM defect"),
        new("s09", "各线路的整改费用", "SELECT t.line, SUM(d.repair_cost) FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id GROUP BY t.line"),
        new("s10", "待整改的缺陷有多少条？", "SELECT COUNT(*) FROM defect WHERE status='待整改'"),
        new("s11", "How many defects were found last month?", "SELECT COUNT(*) FROM defect WHERE found_at >= '2025-05-01' AND found_at < '2025-06-01'"),
        new("s12", "Number of defects by severity", "SELECT severity, COUNT(*) FROM defect GROUP BY severity"),
        new("s13", "Top 3 tunnels by defect count", "SELECT t.name, COUNT(*) AS n FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id GROUP BY t.tunnel_id ORDER BY n DESC LIMIT 3"),
        new("s14", "Total repair cost this year", "SELECT SUM(repair_cost) FROM defect WHERE found_at >= '2025-01-01' AND found_at < '2026-01-01'"),
        new("s15", "甲班的巡检员发现了多少缺陷？", "SELECT COUNT(*) FROM defect d JOIN inspector i ON d.inspector_id=i.inspector_id WHERE i.team='甲班'"),
        new("s16", "缺陷的平均整改时长是多少天？", "SELECT AVG(julianday(repaired_at)-julianday(found_at)) FROM defect"),
        new("s17", "长度超过2000米的隧道有哪些？", "SELECT tunnel_id, name FROM tunnel WHERE length_m > 2000"),
        new("s18", "2024年各班组发现的缺陷数", "SELECT i.team, COUNT(*) FROM defect d JOIN inspector i ON d.inspector_id=i.inspector_id WHERE d.found_at >= '2024-01-01' AND d.found_at < '2025-01-01' GROUP BY i.team"),
        new("s19", "Average repair cost by defect type", "SELECT defect_type, AVG(repair_cost) FROM defect GROUP BY defect_type"),
        new("s20", "裂缝缺陷有多少", "SELECT COUNT(*) FROM defect WHERE defect_type='裂缝'"),
        new("s21", "最近三个月发现的严重缺陷数", "SELECT COUNT(*) FROM defect WHERE severity='严重' AND found_at >= '2025-03-01' AND found_at < '2025-06-01'"),
        new("s22", "2号线的隧道一共有几条", "SELECT COUNT(*) FROM tunnel WHERE line='2号线'"),
        new("s23", "各隧道去年的整改费用，从高到低", "SELECT t.name, SUM(d.repair_cost) FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id WHERE d.found_at >= '2024-01-01' AND d.found_at < '2025-01-01' GROUP BY t.tunnel_id"),
        new("s24", "Which inspector found the most defects?", "SELECT i.name FROM defect d JOIN inspector i ON d.inspector_id=i.inspector_id GROUP BY i.inspector_id ORDER BY COUNT(*) DESC LIMIT 1"),
        new("s25", "每条隧道的缺陷数", "SELECT t.name, COUNT(*) FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id GROUP BY t.tunnel_id"),
        new("s26", "缺陷数量最多的隧道是哪条", "SELECT t.name FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id GROUP BY t.tunnel_id ORDER BY COUNT(*) DESC LIMIT 1"),
        new("s27", "平均每个缺陷的整改费用", "SELECT AVG(repair_cost) FROM defect"),
        new("s28", "1号线有哪些隧道", "SELECT name FROM tunnel WHERE line='1号线'"),
        new("s29", "钱江隧道去年有多少缺陷", "SELECT COUNT(*) FROM defect d JOIN tunnel t ON d.tunnel_id=t.tunnel_id WHERE t.name='钱江隧道' AND d.found_at >= '2024-01-01' AND d.found_at < '2025-01-01'"),
        new("s30", "Defects by status", "SELECT status, COUNT(*) FROM defect GROUP BY status"),
    ];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ih-texttosql-tunnel-{Environment.ProcessId}-{Guid.NewGuid():N}.sqlite");
    private readonly SqliteConnection _connection;
    private readonly ITestOutputHelper _output;

    public SecondSchemaTests(ITestOutputHelper output)
    {
        _output = output;
        _connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _connection.Open();
        _connection.Execute(Schema);
        Seed(_connection);
    }

    [Fact]
    public void Tunnel_defect_questions_are_answered_without_a_semantic_layer()
    {
        var catalog = Catalogs.Read(_path, "tunnels");
        var report = AccuracyRunner.Score(new OfflineTextToSqlEngine(), _connection, catalog, layer: null, AsOf, Questions,
            verbose: Environment.GetEnvironmentVariable("TEXT_TO_SQL_VERBOSE") == "1");
        _output.WriteLine(report.Details);
        _output.WriteLine($"EX {report.Correct}/{report.Total}");
        Console.WriteLine($"second-schema EX {report.Correct}/{report.Total}");
        Assert.True(report.Correct >= report.Total - 1, $"EX {report.Correct}/{report.Total}\n{report.Details}");
    }

    [Fact]
    public void PostgreSql_dialect_compares_temporal_columns_through_casts()
    {
        var catalog = Catalogs.Read(_path, "tunnels");
        var pg = catalog with
        {
            Dialect = SqlDialects.PostgreSql,
            Tables = catalog.Tables.Select(t => t with
            {
                Columns = t.Columns.Select(c => c.Name is "found_at" or "repaired_at" ? c with { DataType = "timestamp without time zone" } : c).ToList(),
            }).ToList(),
        };
        var reply = new OfflineTextToSqlEngine().Translate(new Contracts.Workers.Reasoning.TextToSqlRequest("今年每个月的缺陷数", pg, AsOf));
        Assert.Null(reply.Error);
        Assert.Contains("to_char(defect.found_at, 'YYYY-MM')", reply.Sql);
        Assert.Contains("CAST(@p0 AS date)", reply.Sql);
        var duration = new OfflineTextToSqlEngine().Translate(new Contracts.Workers.Reasoning.TextToSqlRequest("缺陷的平均整改时长是多少天", pg, AsOf));
        Assert.True(duration.Sql?.Contains("EXTRACT(EPOCH FROM") == true, duration.Sql + " " + duration.Error);
    }

    private static void Seed(SqliteConnection db)
    {
        var rng = new Random(20250618);
        using var tx = db.BeginTransaction();
        string[] names = ["钱江隧道", "西湖隧道", "城站隧道", "滨江隧道", "武林隧道", "江陵隧道", "凤起隧道"];
        for (var i = 0; i < names.Length; i++)
            db.Execute("INSERT INTO tunnel VALUES (@id, @name, @line, @len, @opened)",
                new { id = i + 1, name = names[i], line = $"{i % 3 + 1}号线", len = 800 + rng.Next(0, 2600), opened = new DateOnly(2010 + i, 1 + i, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, tx);
        string[] teams = ["甲班", "乙班", "丙班"];
        for (var i = 0; i < 8; i++)
            db.Execute("INSERT INTO inspector VALUES (@id, @name, @team)", new { id = i + 1, name = $"巡检员{(char)('A' + i)}", team = teams[i % 3] }, tx);
        string[] types = ["渗漏水", "裂缝", "剥落", "变形", "积水"];
        string[] severities = ["一般", "一般", "较重", "严重"];
        var start = new DateTime(2024, 1, 1);
        var end = new DateTime(2025, 6, 17);
        for (var i = 0; i < 600; i++)
        {
            var found = start.AddMinutes(rng.Next(0, (int)(end - start).TotalMinutes));
            var status = rng.NextDouble() switch { < 0.7 => "已整改", < 0.85 => "整改中", _ => "待整改" };
            DateTime? repaired = status == "已整改" ? found.AddHours(rng.Next(4, 24 * 40)) : null;
            db.Execute("INSERT INTO defect VALUES (@id, @tunnel, @inspector, @type, @severity, @found, @repaired, @cost, @status)", new
            {
                id = i + 1,
                tunnel = rng.Next(1, names.Length + 1) is var t && rng.NextDouble() < 0.3 ? 1 : t,
                inspector = rng.Next(1, 9),
                type = types[rng.Next(types.Length)],
                severity = severities[rng.Next(severities.Length)],
                found = found.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                repaired = repaired?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                cost = repaired is null ? (double?)null : Math.Round(500 + rng.NextDouble() * 20000, 2),
                status,
            }, tx);
        }
        tx.Commit();
    }

    public void Dispose()
    {
        _connection.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
