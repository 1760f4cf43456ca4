using IntegrationHub.Plugins.DataQuery.Sql;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>The plugin's configuration section (<c>Plugins:DataQuery</c>).</summary>
public sealed class DataQueryOptions
{
    /// <summary>Source asked when a question names none; null = the only registered source.</summary>
    public string? DefaultSource { get; set; }

    /// <summary>Rows returned at most (also capped by the source's own row limit).</summary>
    public int RowLimit { get; set; } = 1000;

    /// <summary>Longer questions are refused before anything else happens.</summary>
    public int MaxQuestionLength { get; set; } = 1000;

    public int WorkerTimeoutSeconds { get; set; } = 30;

    /// <summary>The user a question over the bus runs as when it names none.</summary>
    public string DefaultUser { get; set; } = "anonymous";

    public AccessOptions Access { get; set; } = new();
}

/// <summary>
/// Who sees what. Users map to roles; a role has row filters (SQL conditions per table, carried to related tables
/// along foreign keys), hidden columns (<c>table.column</c> or <c>column</c>) and denied tables. A user with no role
/// gets <see cref="DefaultRoles"/>; a user with several roles sees the union of what they allow.
/// </summary>
public sealed class AccessOptions
{
    public Dictionary<string, RoleOptions> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, List<string>> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> DefaultRoles { get; set; } = [];

    public AccessPolicy For(string user)
    {
        var roleNames = Users.TryGetValue(user, out var r) && r.Count > 0 ? r : DefaultRoles;
        var roles = roleNames.Select(n => Roles.TryGetValue(n, out var role) ? role : throw new InvalidOperationException($"User '{user}' has role '{n}', which is not configured.")).ToList();
        if (roles.Count == 0) return AccessPolicy.Unrestricted;

        // Union of permissions: a table is filtered only if every role filters it (conditions OR-ed), a column or
        // table is hidden only if every role hides it.
        var filters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var filteredTables = roles.Select(x => x.RowFilters.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; });
        foreach (var table in filteredTables)
        {
            var conditions = roles.Select(x => x.RowFilters.First(f => string.Equals(f.Key, table, StringComparison.OrdinalIgnoreCase)).Value).Distinct().ToList();
            filters[table] = conditions.Count == 1 ? conditions[0] : string.Join(" OR ", conditions.Select(c => $"({c})"));
        }

        var columns = roles.Select(x => x.DeniedColumns.ToHashSet(StringComparer.OrdinalIgnoreCase)).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var tables = roles.Select(x => x.DeniedTables.ToHashSet(StringComparer.OrdinalIgnoreCase)).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var described = roles.Where(x => !string.IsNullOrWhiteSpace(x.Description)).Select(x => x.Description!).ToList();
        var policy = new AccessPolicy(filters, columns, tables);
        return described.Count == roles.Count ? policy with { Scope = $"{string.Join("; ", described)} ({policy.Scope})" } : policy;
    }
}

public sealed class RoleOptions
{
    /// <summary>What the role sees, in words a refusal shows (e.g. "温州市的客户与电量"); its row filters when unset.</summary>
    public string? Description { get; set; }

    /// <summary>Table → SQL condition over that table's columns, e.g. <c>region: "city = '温州'"</c>.</summary>
    public Dictionary<string, string> RowFilters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> DeniedColumns { get; set; } = [];

    public List<string> DeniedTables { get; set; } = [];
}
