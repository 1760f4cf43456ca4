using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Reasoning.Evaluation;

/// <summary>
/// Execution accuracy's rule, as defog's <c>score.py</c> and power-marketing's <c>eval.py</c> apply it: the rows are equal
/// as multisets (values rounded to 2 decimals, columns in any order); an answer may carry up to two extra columns.
/// Rows are compared in order only when the gold query orders them and <c>ordered</c> is asked for.
/// </summary>
public static class ResultSetMatch
{
    public const int ExtraColumnsAllowed = 2;

    public static bool Matches(IReadOnlyList<IReadOnlyList<object?>> rows, IReadOnlyList<IReadOnlyList<object?>> gold, bool ordered = false)
    {
        if (rows.Count != gold.Count) return false;
        if (gold.Count == 0) return true;
        int g = gold[0].Count, p = rows[0].Count;
        if (p < g || p > g + ExtraColumnsAllowed) return false;
        var want = Key(gold, ordered);
        return Combinations(p, g).Any(cols => Key(rows.Select(r => (IReadOnlyList<object?>)cols.Select(i => r[i]).ToArray()).ToList(), ordered).SequenceEqual(want));
    }

    /// <summary>The first rows, short, for a failure report.</summary>
    public static string Show(IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        var text = "[" + string.Join(", ", rows.Take(3).Select(r => "(" + string.Join(", ", r.Select(Normal)) + ")")) + (rows.Count > 3 ? $", … {rows.Count} rows" : "") + "]";
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static List<string> Key(IReadOnlyList<IReadOnlyList<object?>> rows, bool ordered)
    {
        var keys = rows.Select(r => string.Join("\u0001", r.Select(Normal).Order(StringComparer.Ordinal)));
        return ordered ? keys.ToList() : keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One value as the scorers print it: numbers to 2 decimals, booleans t/f, NULL, text trimmed.</summary>
    public static string Normal(object? value) => value switch
    {
        null or DBNull => "NULL",
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "NULL",
            JsonValueKind.Number => Fixed(e.GetDouble()),
            JsonValueKind.True => "t",
            JsonValueKind.False => "f",
            JsonValueKind.String => Normal(e.GetString()),
            _ => e.ToString(),
        },
        bool b => b ? "t" : "f",
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Fixed(d),
        string s => s.Trim().ToLowerInvariant() switch { "true" => "t", "false" => "f", _ => s.Trim() },
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture),
        IConvertible c => Fixed(c.ToDouble(CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Fixed(double d) => Math.Round(d, 2, MidpointRounding.ToEven).ToString("F2", CultureInfo.InvariantCulture);

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = 0; first <= n - k; first++)
            foreach (var rest in Combinations(n - first - 1, k - 1)) yield return [first, .. rest.Select(i => i + first + 1)];
    }
}
