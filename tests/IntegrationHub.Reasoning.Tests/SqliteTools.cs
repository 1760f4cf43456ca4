using System.Collections.Concurrent;
using IntegrationHub.Contracts.Data;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>
/// The caller's database tools over a real in-memory SQLite database holding <see cref="LlmPathTests.Catalog"/>'s
/// tables (region, customer) with a few rows; records every query it ran.
/// </summary>
public sealed class SqliteTools : ITextToSqlTools, IDisposable
{
    private readonly SqliteConnection connection;

    public SqliteTools()
    {
        connection = new SqliteConnection($"Data Source=tools-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        connection.Open();
        using var seed = connection.CreateCommand();
        seed.CommandText = """
            CREATE TABLE region (region_id INTEGER PRIMARY KEY, city TEXT NOT NULL);
            CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, region_id INTEGER NOT NULL REFERENCES region(region_id), arrears REAL);
            INSERT INTO region VALUES (1, '杭州'), (2, '宁波');
            INSERT INTO customer VALUES (1, 1, 120.5), (2, 1, 30), (3, 2, 0), (4, 2, 75);
            """;
        seed.ExecuteNonQuery();
    }

    public ConcurrentQueue<string> Queries { get; } = new();

    public Task<IReadOnlyList<string>> SampleValuesAsync(string table, string column, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(["杭州", "宁波"]);

    public Task<string> ExplainAsync(string sql, CancellationToken cancellationToken) => Task.FromResult("SCAN customer");

    public async Task<QueryResult> QueryAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, CancellationToken cancellationToken)
    {
        Queries.Enqueue(sql);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>()) command.Parameters.AddWithValue("@" + name.TrimStart('@'), value ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken))
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return new QueryResult(columns, rows, false, TimeSpan.Zero);
    }

    public int Count(string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => connection.Dispose();
}
