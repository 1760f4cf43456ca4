using System.Data.Common;
using Dapper;

namespace IntegrationHub.DataSources;

/// <summary>
/// The value index: the distinct values of a text column when there are few of them (cities, categories, statuses),
/// so the text-to-SQL engine can link "温州" or "逾期" in a question to a column. The <c>LIMIT max+1</c> stops the scan
/// early on high-cardinality columns (names, ids).
/// </summary>
internal static class ValueIndex
{
    private const int MaxValueLength = 64;

    public static async Task<IReadOnlyList<string>?> SqliteAsync(DbConnection connection, string table, string column, int maxDistinct, CancellationToken cancellationToken)
        => Pick(await connection.QueryAsync<string?>(new CommandDefinition(
            $"SELECT DISTINCT CAST({column} AS TEXT) FROM {table} WHERE {column} IS NOT NULL LIMIT {maxDistinct + 1}", cancellationToken: cancellationToken)), maxDistinct);

    public static async Task<IReadOnlyList<string>?> PostgresAsync(DbConnection connection, string table, string column, int maxDistinct, CancellationToken cancellationToken)
        => Pick(await connection.QueryAsync<string?>(new CommandDefinition(
            $"SELECT DISTINCT {column}::text FROM {table} WHERE {column} IS NOT NULL LIMIT {maxDistinct + 1}", cancellationToken: cancellationToken)), maxDistinct);

    private static IReadOnlyList<string>? Pick(IEnumerable<string?> raw, int maxDistinct)
    {
        var values = raw.Where(v => v is not null).Cast<string>().ToList();
        if (values.Count == 0 || values.Count > maxDistinct || values.Any(v => v.Length > MaxValueLength))
        {
            return null;
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }
}
