using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>
/// A token-level check that a query names only tables the catalog has (or its own CTEs) and, for
/// <c>alias.column</c> references, columns those tables have: the mistakes a model makes most and can repair
/// from the message. Unqualified columns and sub-query aliases are left to the database.
/// </summary>
public static partial class CatalogReferences
{
    private static readonly HashSet<string> NotAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "join", "inner", "left", "right", "full", "outer", "cross", "natural", "on", "using", "group", "order", "having",
        "limit", "offset", "fetch", "union", "intersect", "except", "window", "lateral", "as", "select", "from", "and", "or", "when", "then",
    };

    /// <summary>Null when every table and qualified column exists, else which one does not.</summary>
    public static string? Problem(string sql, DatabaseCatalog catalog)
    {
        var tables = new Dictionary<string, TableInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in catalog.Tables)
        {
            tables.TryAdd(t.Name, t);
            if (t.Schema is { Length: > 0 }) tables.TryAdd($"{t.Schema}.{t.Name}", t);
        }

        var schemas = catalog.Tables.Select(t => t.Schema).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var code = Neutral(sql);
        var ctes = Cte().Matches(code).Select(m => Unquote(m.Groups[1].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, List<TableInfo>>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in TableReference().Matches(code))
        {
            var name = Unquote(m.Groups["name"].Value);
            if (ctes.Contains(name) || NotAlias.Contains(name)) continue;
            var dot = name.IndexOf('.');
            if (dot > 0 && !schemas.Contains(name[..dot])) continue; // a function's argument, not schema.table
            if (!tables.TryGetValue(name, out var table)) return $"table '{name}' does not exist; known tables: {Known(catalog)}";
            Add(aliases, dot > 0 ? name[(dot + 1)..] : name, table);
            if (m.Groups["alias"].Success && !NotAlias.Contains(m.Groups["alias"].Value)) Add(aliases, Unquote(m.Groups["alias"].Value), table);
        }

        foreach (Match m in QualifiedColumn().Matches(code))
        {
            var owner = Unquote(m.Groups[1].Value);
            var column = Unquote(m.Groups[2].Value);
            if (column == "*" || !aliases.TryGetValue(owner, out var candidates)) continue;
            if (candidates.Any(t => t.Columns.Any(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase)))) continue;
            var table = candidates[0];
            return $"column '{owner}.{column}' does not exist: table {table.Name} has {string.Join(", ", table.Columns.Select(c => c.Name))}";
        }

        return null;
    }

    private static void Add(Dictionary<string, List<TableInfo>> aliases, string name, TableInfo table)
    {
        if (!aliases.TryGetValue(name, out var list)) aliases[name] = list = [];
        if (!list.Contains(table)) list.Add(table);
    }

    private static string Known(DatabaseCatalog catalog)
    {
        var names = catalog.Tables.Select(t => t.Name).ToList();
        return names.Count <= 30 ? string.Join(", ", names) : string.Join(", ", names.Take(30)) + $" … ({names.Count} in all)";
    }

    /// <summary>Comments and literals blanked, and the FROM of EXTRACT/SUBSTRING/TRIM/POSITION calls hidden.</summary>
    private static string Neutral(string sql)
    {
        var s = Literals().Replace(Comments().Replace(sql, " "), "''");
        return FunctionFrom().Replace(s, m => m.Value[..^4] + "    ");
    }

    private static string Unquote(string identifier) => identifier.Replace("\"", "").Replace("`", "");

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex Literals();

    [GeneratedRegex(@"\b(?:(?:extract|substring|substr|trim|position|overlay)\s*\([^()]*?\bfrom|is\s+(?:not\s+)?distinct\s+from)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionFrom();

    [GeneratedRegex(@"(?:\bwith\s+(?:recursive\s+)?|,\s*)(""?\w+""?)\s*(?:\([^()]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s*)?\(", RegexOptions.IgnoreCase)]
    private static partial Regex Cte();

    [GeneratedRegex(@"\b(?:from|join)\s+(?<name>(?>""?\w+""?(?:\.""?\w+""?)?))(?!\s*\()(?:\s+(?:as\s+)?(?!(?:where|join|inner|left|right|full|outer|cross|natural|on|using|group|order|having|limit|offset|fetch|union|intersect|except|window|lateral)\b)(?<alias>""?\w+""?))?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    [GeneratedRegex(@"(?<![\w.""])(""?\w+""?)\.(""?\w+""?|\*)(?![\w""(]|\.\w)")]
    private static partial Regex QualifiedColumn();
}
