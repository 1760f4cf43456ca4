using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.Evaluation;

/// <summary>
/// defog sql-eval's gold notation, expanded as its <c>score.py</c> does: alternatives separated by <c>;</c>; in each, the
/// first <c>{a, b}</c> means any one of the listed columns or all of them, and a later <c>{}</c> repeats the choice.
/// </summary>
public static partial class GoldSql
{
    public static IEnumerable<string> Expansions(string gold)
    {
        foreach (var alternative in gold.Split(';').Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            var choice = Choice().Match(alternative);
            if (!choice.Success)
            {
                yield return alternative;
                continue;
            }

            var columns = choice.Groups[1].Value.Split(',').Select(c => c.Trim()).ToList();
            var picks = columns.Select(c => new List<string> { c }).ToList();
            if (columns.Count > 1) picks.Add(columns);
            foreach (var pick in picks)
            {
                var text = string.Join(", ", pick);
                yield return Choice().Replace(alternative, text.Replace("$", "$$")).Replace("{}", text);
            }
        }
    }

    /// <summary>Whether the outermost query orders its rows (then the rows are compared in order).</summary>
    public static bool Ordered(string sql)
    {
        var depth = 0;
        var code = Literals().Replace(sql, "''");
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '(') depth++;
            else if (code[i] == ')') depth--;
            else if (depth == 0 && (code[i] is 'o' or 'O') && (i == 0 || !char.IsLetterOrDigit(code[i - 1]) && code[i - 1] != '_') && OrderBy().Match(code, i) is { Success: true } m && m.Index == i) return true;
        }

        return false;
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Choice();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex Literals();

    [GeneratedRegex(@"\Gorder\s+by\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrderBy();
}
