using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using IntegrationHub.DemoData;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IntegrationHub.DataSources.Tests;

/// <summary>The C# demo database against the Python script it ports.</summary>
public sealed class DemoDataTests : IClassFixture<DemoDataTests.Databases>
{
    private static readonly string[] Tables = ["region", "customer", "meter", "monthly_consumption", "bill", "payment", "outage", "work_order", "outbound_call"];
    private readonly Databases _db;

    private readonly ITestOutputHelper _output;

    public DemoDataTests(Databases db, ITestOutputHelper output)
    {
        _db = db;
        _output = output;
    }

    public sealed class Databases : IDisposable
    {
        public string CSharp { get; } = Path.Combine(Path.GetTempPath(), $"pm-cs-{Guid.NewGuid():N}.sqlite");

        public string? Python { get; }

        public Databases()
        {
            Assert.True(PowerMarketingDatabase.EnsureCreated(CSharp));
            var script = FindScript();
            if (script is null) return;
            var path = Path.Combine(Path.GetTempPath(), $"pm-py-{Guid.NewGuid():N}.sqlite");
            try
            {
                using var process = Process.Start(new ProcessStartInfo("python3", [script, path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                process.StandardOutput.ReadToEnd();
                process.WaitForExit(120_000);
                if (process.ExitCode == 0) Python = path;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // no python3: the comparison is skipped
            }
        }

        public void Dispose()
        {
            File.Delete(CSharp);
            if (Python is not null) File.Delete(Python);
        }
    }

    internal static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "power-marketing", "generate.py");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    [Fact]
    public void Schema_and_row_counts_are_the_scripts()
    {
        using var connection = new SqliteConnection($"Data Source={_db.CSharp};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var counts = Tables.ToDictionary(t => t, t => Scalar(connection, $"SELECT COUNT(*) FROM {t}"));
        Assert.Equal(6000L, counts["customer"]);
        Assert.Equal(32L, counts["region"]);
        Assert.True((long)counts["bill"]! > 90_000);
        Assert.Contains("-- 用电类别：居民生活/一般工商业/大工业/农业生产", (string)Scalar(connection, "SELECT sql FROM sqlite_master WHERE name = 'customer'")!);
        Assert.False(PowerMarketingDatabase.EnsureCreated(_db.CSharp));
    }

    [Fact]
    public void Every_table_holds_the_same_rows_as_the_python_output()
    {
        if (_db.Python is null)
        {
            _output.WriteLine("python3 or generate.py not on this machine: comparison skipped");
            return;
        }

        foreach (var table in Tables)
        {
            var digest = TableDigest(_db.CSharp, table);
            _output.WriteLine(digest);
            Assert.Equal(TableDigest(_db.Python, table), digest);
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static string TableDigest(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        var rows = 0;
        string? first = null;
        while (reader.Read())
        {
            var line = string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
            first ??= line;
            text.AppendLine(line);
            rows++;
        }

        return $"{table} rows={rows} first={first} sha={Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16]}";
    }
}
