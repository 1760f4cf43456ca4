using IntegrationHub.Contracts.Data;

namespace IntegrationHub.Plugins.DataQuery.Sql;

/// <summary>
/// What one user may see of a source, resolved from configuration: row filters per table (SQL conditions over that
/// table's columns), columns that are hidden, tables that are out of reach. Applied by rewriting the validated SQL.
/// </summary>
public sealed record AccessPolicy(
    IReadOnlyDictionary<string, string> RowFilters,
    IReadOnlySet<string> DeniedColumns,
    IReadOnlySet<string> DeniedTables)
{
    public static readonly AccessPolicy Unrestricted = new(new Dictionary<string, string>(), new HashSet<string>(), new HashSet<string>());

    public bool IsUnrestricted => RowFilters.Count == 0 && DeniedColumns.Count == 0 && DeniedTables.Count == 0;

    /// <summary>What the user may see, in words for a refusal: the roles' descriptions, else their row filters.</summary>
    public string Scope
    {
        get => _scope ?? string.Join("; ", RowFilters.Select(f => $"{f.Key} where {f.Value}"));
        init => _scope = value;
    }

    private readonly string? _scope;

    /// <summary>True when <paramref name="column"/> of <paramref name="table"/> is hidden (<c>table.column</c> or a bare <c>column</c> entry).</summary>
    public bool IsDenied(string table, string column) =>
        DeniedColumns.Contains($"{table}.{column}") || DeniedColumns.Contains(column);

    /// <summary>
    /// Row filters for every table: the configured ones, and for a table without one, a filter derived through its
    /// foreign keys from a filtered table (bill → customer → region: only bills of customers in the user's regions).
    /// </summary>
    public IReadOnlyDictionary<string, string> EffectiveFilters(DatabaseCatalog catalog)
    {
        var result = new Dictionary<string, string>(RowFilters, StringComparer.OrdinalIgnoreCase);
        if (result.Count == 0) return result;
        var tables = catalog.Tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        // Breadth-first: each round, tables one foreign key away from an already filtered table get a derived filter.
        for (var round = 0; round < tables.Count; round++)
        {
            var added = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in catalog.Tables)
            {
                if (result.ContainsKey(table.Name)) continue;
                foreach (var fk in table.ForeignKeys)
                {
                    if (result.TryGetValue(fk.ReferencedTable, out var parentFilter) && tables.TryGetValue(fk.ReferencedTable, out var parent))
                    {
                        added[table.Name] = $"{SqlText.Quote(fk.Column)} IN (SELECT {SqlText.Quote(fk.ReferencedColumn)} FROM {SqlText.QualifiedName(parent)} WHERE {parentFilter})";
                        break;
                    }
                }
            }

            if (added.Count == 0) break;
            foreach (var (k, v) in added) result[k] = v;
        }

        return result;
    }
}

internal static class SqlText
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string QualifiedName(TableInfo table) =>
        table.Schema is null or "" ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
}
