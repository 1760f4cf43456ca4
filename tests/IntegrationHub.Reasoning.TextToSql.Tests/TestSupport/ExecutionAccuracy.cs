using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

/// <summary>eval.py's rule: rows equal as multisets, values rounded to 2 decimals, columns in any order, ≤ 2 extra columns.</summary>
public static class ExecutionAccuracy
{
    public static List<object?[]> Run(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var args = new DynamicParameters();
        foreach (var (k, v) in parameters ?? new Dictionary<string, object?>()) args.Add(k, v);
        return connection.Query(sql, args).Select(r => ((IDictionary<string, object?>)r).Values.ToArray()).ToList();
    }

    public static bool Matches(List<object?[]> rows, List<object?[]> gold)
    {
        if (rows.Count != gold.Count) return false;
        if (gold.Count == 0) return true;
        int g = gold[0].Length, p = rows[0].Length;
        if (p < g || p > g + 2) return false;
        var want = Key(gold);
        foreach (var cols in Combinations(p, g))
        {
            var key = Key(rows.Select(r => cols.Select(i => r[i]).ToArray()).ToList());
            if (key.SequenceEqual(want)) return true;
        }
        return false;
    }

    public static string Show(List<object?[]> rows) =>
        string.Join("; ", rows.Take(3).Select(r => "(" + string.Join(", ", r.Select(Norm)) + ")")) + (rows.Count > 3 ? $" … {rows.Count} rows" : "");

    private static List<string> Key(List<object?[]> rows) =>
        rows.Select(r => string.Join("\u0001", r.Select(Norm).OrderBy(x => x, StringComparer.Ordinal))).OrderBy(x => x, StringComparer.Ordinal).ToList();

    private static string Norm(object? v) => v switch
    {
        null or DBNull => "NULL",
        double d => Math.Round(d, 2).ToString("F2", CultureInfo.InvariantCulture),
        float f => Math.Round((double)f, 2).ToString("F2", CultureInfo.InvariantCulture),
        decimal m => Math.Round(m, 2).ToString("F2", CultureInfo.InvariantCulture),
        long or int or short => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture),
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? Math.Round(x, 2).ToString("F2", CultureInfo.InvariantCulture) : s.Trim(),
        _ => v.ToString() ?? "NULL",
    };

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            var i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (var j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
