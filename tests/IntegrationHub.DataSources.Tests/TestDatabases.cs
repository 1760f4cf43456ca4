using Microsoft.Data.Sqlite;

namespace IntegrationHub.DataSources.Tests;

public static class TestDatabases
{
    /// <summary>The shape of the power-marketing schema, small: comments as a real database would carry them.</summary>
    public const string SqliteSchema = """
        CREATE TABLE region ( -- 供电区域
            region_id      INTEGER PRIMARY KEY,          -- 区域编号
            city           TEXT NOT NULL,                -- 地市，如 杭州
            district       TEXT NOT NULL                 -- 区县，如 西湖区
        );
        CREATE TABLE customer (
            customer_id    TEXT PRIMARY KEY,     -- 户号（10位）
            name           TEXT NOT NULL,        -- 户名
            category       TEXT NOT NULL,        -- 用电类别：居民生活/一般工商业
            region_id      INTEGER NOT NULL REFERENCES region(region_id),
            phone          TEXT NOT NULL,        -- 联系电话（脱敏）
            note           TEXT                  -- 备注, (含逗号)
        );
        CREATE TABLE bill (
            bill_id        INTEGER PRIMARY KEY,  -- 账单编号
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            month          TEXT NOT NULL,        -- 电费月份 YYYY-MM
            amount_yuan    REAL NOT NULL,        -- 应收电费（元）
            status         TEXT NOT NULL         -- 已结清/未缴/逾期
        );
        CREATE TABLE secret (k TEXT, v TEXT);
        """;

    public static string CreateSqlite(string? directory = null, int customers = 200)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"ds-test-{Guid.NewGuid():N}.sqlite");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = SqliteSchema;
        command.ExecuteNonQuery();
        string[] cities = ["杭州", "宁波", "温州"];
        for (var r = 1; r <= 6; r++)
        {
            command.CommandText = $"INSERT INTO region VALUES ({r}, '{cities[(r - 1) % 3]}', '区{r}')";
            command.ExecuteNonQuery();
        }

        for (var c = 1; c <= customers; c++)
        {
            command.CommandText = $"INSERT INTO customer VALUES ('33{c:D8}', '客户{c}', '{(c % 4 == 0 ? "一般工商业" : "居民生活")}', {c % 6 + 1}, '138****{c:D4}', NULL)";
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO bill (customer_id, month, amount_yuan, status) VALUES ('33{c:D8}', '2025-05', {c * 1.5}, '{(c % 10 == 0 ? "逾期" : "已结清")}')";
            command.ExecuteNonQuery();
        }

        command.CommandText = "INSERT INTO secret VALUES ('key', 'hunter2')";
        command.ExecuteNonQuery();
        tx.Commit();
        return path;
    }
}
