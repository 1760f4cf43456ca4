using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Sql;

namespace IntegrationHub.Plugins.DataQuery.Sql;

/// <summary>
/// Decides whether a generated query may run: safe by <see cref="SqlSafety"/> (one read-only SELECT, pure functions),
/// then, from its parse tree, reading only catalogued tables and columns the user may see; then rewrites it: row limit, permissions (each table
/// reference becomes a filtered sub-query over the visible columns), literals as parameters.
/// </summary>
public sealed partial class SqlValidator
{
    private readonly DatabaseCatalog _catalog;
    private readonly Dictionary<string, TableInfo> _tables;
    private readonly AccessPolicy _policy;

    public SqlValidator(DatabaseCatalog catalog, AccessPolicy? policy = null)
    {
        _catalog = catalog;
        _policy = policy ?? AccessPolicy.Unrestricted;
        _tables = new Dictionary<string, TableInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in catalog.Tables)
        {
            _tables.TryAdd(table.Name, table);
            if (table.Schema is { Length: > 0 }) _tables.TryAdd($"{table.Schema}.{table.Name}", table);
        }
    }

    public bool IsPostgres => _catalog.Dialect == SqlDialects.PostgreSql;

    /// <summary>Validates and rewrites; throws <see cref="SqlRefusedException"/> with a clear message when the query may not run.</summary>
    /// <param name="parameters">Parameters the generator sent with the SQL (the only ones it may use).</param>
    public ValidatedQuery Validate(string sql, int rowLimit, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var verdict = SqlSafety.Check(sql, _catalog.Dialect);
        if (verdict.Statement is not { } statement)
        {
            throw new SqlRefusedException(verdict.Code!, verdict.Reason!);
        }

        var walk = new Walk(this, parameters ?? new Dictionary<string, object?>());
        walk.Statement(statement, null, new Dictionary<string, Source>(StringComparer.OrdinalIgnoreCase));

        var text = sql[..statement.End];
        var limitEdit = LimitEdit(statement, rowLimit);
        var display = Apply(text, limitEdit is null ? [] : [limitEdit]);
        var edits = new List<Edit>(walk.Edits);
        if (limitEdit is not null) edits.Add(limitEdit);
        var executable = Apply(text, edits);
        if (limitEdit?.Wrap == true)
        {
            display = $"SELECT * FROM ({display}) AS limited LIMIT {rowLimit + 1}";
            executable = $"SELECT * FROM ({executable}) AS limited LIMIT {rowLimit + 1}";
        }

        var outParameters = new Dictionary<string, object?>(parameters ?? new Dictionary<string, object?>());
        foreach (var (name, value) in walk.NewParameters) outParameters[name] = value;
        return new ValidatedQuery(display.Trim(), executable.Trim(), outParameters, walk.TablesRead.ToList()) { Compared = walk.Compared.Distinct().ToList() };
    }

    private static Edit? LimitEdit(QueryStatement statement, int rowLimit)
    {
        var cap = rowLimit + 1;
        if (statement.Limit is null) return new Edit(statement.LimitInsertAt, statement.LimitInsertAt, $" LIMIT {cap}");
        if (statement.Limit is LiteralExpr { Kind: LiteralKind.Number } n && long.TryParse(n.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value > cap ? new Edit(n.Start, n.End, cap.ToString(CultureInfo.InvariantCulture)) : null;
        }

        return new Edit(0, 0, "") { Wrap = true };
    }

    private static string Apply(string text, IEnumerable<Edit> edits)
    {
        var sb = new StringBuilder(text);
        foreach (var e in edits.Where(e => !e.Wrap).OrderByDescending(e => e.Start))
        {
            sb.Remove(e.Start, e.End - e.Start).Insert(e.Start, e.Text);
        }

        return sb.ToString();
    }

    private sealed record Edit(int Start, int End, string Text)
    {
        public bool Wrap { get; init; }
    }

    /// <summary>The sub-query that replaces a table reference for this user, or null when the user sees the whole table.</summary>
    private string? Restricted(TableInfo table, string exposedName)
    {
        _effectiveFilters ??= _policy.EffectiveFilters(_catalog);
        _effectiveFilters.TryGetValue(table.Name, out var filter);
        var hidden = table.Columns.Any(c => _policy.IsDenied(table.Name, c.Name));
        if (filter is null && !hidden) return null;
        var columns = hidden
            ? string.Join(", ", table.Columns.Where(c => !_policy.IsDenied(table.Name, c.Name)).Select(c => SqlText.Quote(c.Name)))
            : "*";
        var where = filter is null ? "" : $" WHERE {filter}";
        return $"(SELECT {columns} FROM {SqlText.QualifiedName(table)}{where}) AS {SqlText.Quote(exposedName)}";
    }

    private IReadOnlyDictionary<string, string>? _effectiveFilters;
}
