using Dapper;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

/// <summary>
/// A small railway database the tests build: no primary or foreign keys declared (keys and joins must be inferred
/// from the names), a whole-number year column, a boolean, English names and Chinese "--" comments.
/// </summary>
public sealed class RailwayDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE line (
            line_id      INTEGER,   -- 线路编号
            line_name    TEXT,      -- 线路名称
            length_km    REAL,      -- 线路长度（公里）
            opened_year  INTEGER    -- 开通年份
        );
        CREATE TABLE station (
            station_id   INTEGER,   -- 车站编号
            station_name TEXT,      -- 车站名称
            line_id      INTEGER,   -- 所属线路
            altitude_m   REAL,      -- 海拔（米）
            is_transfer  BOOLEAN    -- 换乘站
        );
        CREATE TABLE trip (
            trip_id      INTEGER,   -- 车次编号
            station_id   INTEGER,   -- 始发车站
            passengers   INTEGER,   -- 载客人数
            delayed      BOOLEAN,   -- 晚点
            run_date     DATE       -- 运行日期
        );
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ih-texttosql-railway-{Environment.ProcessId}-{Guid.NewGuid():N}.sqlite");

    public RailwayDatabase()
    {
        Connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        Connection.Open();
        Connection.Execute(Schema);
        using var tx = Connection.BeginTransaction();
        (string Name, double Km, int Year)[] lines = [("东环线", 42.5, 2008), ("西岭线", 88.0, 2012), ("南湖线", 23.1, 2012), ("北山线", 61.7, 2019)];
        for (var i = 0; i < lines.Length; i++)
            Connection.Execute("INSERT INTO line VALUES (@id, @name, @km, @year)", new { id = i + 1, name = lines[i].Name, km = lines[i].Km, year = lines[i].Year }, tx);
        for (var s = 1; s <= 12; s++)
            Connection.Execute("INSERT INTO station VALUES (@id, @name, @line, @alt, @transfer)",
                new { id = s, name = $"站点{s:00}", line = s == 12 ? (int?)null : (s % 4) + 1, alt = 10.0 + s * 37 % 300, transfer = s % 3 == 0 }, tx);
        for (var t = 1; t <= 60; t++)
            Connection.Execute("INSERT INTO trip VALUES (@id, @station, @passengers, @delayed, @runDate)",
                new { id = t, station = (t * 7 % 12) + 1, passengers = 100 + t * 13 % 400, delayed = t % 5 == 0, runDate = new DateOnly(2025, 4, 1).AddDays(t).ToString("yyyy-MM-dd") }, tx);
        tx.Commit();
        Catalog = Catalogs.Read(_path, "railway");
    }

    public SqliteConnection Connection { get; }
    public IntegrationHub.Contracts.Data.DatabaseCatalog Catalog { get; }

    public void Dispose()
    {
        Connection.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
