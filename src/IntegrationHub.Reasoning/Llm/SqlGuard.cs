using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.Llm;

/// <summary>
/// The text-to-SQL contract: one read-only statement. Whatever the question said, a model reply that is not a
/// single SELECT/WITH query is refused here (the data source also runs it read-only; this is the first fence).
/// </summary>
public static partial class SqlGuard
{
    /// <summary>Null when <paramref name="sql"/> is one read-only statement, else why not.</summary>
    public static string? Problem(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql)) return "empty SQL";
        var code = Literals().Replace(Comments().Replace(sql, " "), "''").Trim().TrimEnd(';').Trim();
        if (code.Contains(';')) return "more than one statement";
        if (!StartsReadOnly().IsMatch(code)) return "not a SELECT or WITH query";
        var bad = Forbidden().Match(code);
        return bad.Success ? $"'{bad.Value.ToUpperInvariant()}' is not allowed in a read-only query" : null;
    }

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex Literals();

    [GeneratedRegex(@"^\(*\s*(select|with)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartsReadOnly();

    [GeneratedRegex(@"\b(insert|update|delete|drop|alter|create|attach|detach|pragma|grant|revoke|truncate|copy|vacuum|replace\s+into|merge|call|exec|execute|reindex|analyze|set|lock)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Forbidden();
}
