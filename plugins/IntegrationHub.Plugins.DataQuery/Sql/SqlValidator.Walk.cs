using System.Globalization;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Sql;

namespace IntegrationHub.Plugins.DataQuery.Sql;

public sealed partial class SqlValidator
{
    private abstract record Source;

    private sealed record BaseSource(TableInfo Table) : Source;

    /// <param name="Columns">Output names, or null when unknown (a <c>*</c> over something).</param>
    private sealed record DerivedSource(IReadOnlySet<string>? Columns) : Source;

    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;

        public Dictionary<string, Source> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> SelectAliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Source? Resolve(string alias)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Aliases.TryGetValue(alias, out var source)) return source;
            }

            return null;
        }
    }

    private sealed class Walk(SqlValidator owner, IReadOnlyDictionary<string, object?> parameters)
    {
        private readonly ColumnChecks _columns = new(owner._policy, owner.IsPostgres);
        private int _parameterIndex;

        public List<Edit> Edits { get; } = [];

        public Dictionary<string, object?> NewParameters { get; } = [];

        public SortedSet<string> TablesRead { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<ComparedValue> Compared { get; } = [];

        /// <summary>Validates a statement; returns its output column names (null when unknown).</summary>
        public IReadOnlySet<string>? Statement(QueryStatement statement, Scope? outer, Dictionary<string, Source> ctes)
        {
            var visible = new Dictionary<string, Source>(ctes, StringComparer.OrdinalIgnoreCase);
            foreach (var cte in statement.With)
            {
                if (owner._tables.ContainsKey(cte.Name))
                {
                    throw new SqlRefusedException("sql.cte-shadows-table", $"The query names a CTE '{cte.Name}' like a table of the database; rename it.");
                }

                var inner = new Dictionary<string, Source>(visible, StringComparer.OrdinalIgnoreCase);
                if (statement.Recursive) inner[cte.Name] = new DerivedSource(cte.Columns?.ToHashSet(StringComparer.OrdinalIgnoreCase));
                var columns = Statement(cte.Query, outer, inner);
                visible[cte.Name] = new DerivedSource(cte.Columns is not null ? cte.Columns.ToHashSet(StringComparer.OrdinalIgnoreCase) : columns);
            }

            var (output, bodyScope) = Body(statement.Body, outer, visible);
            var orderScope = bodyScope ?? new Scope(outer);
            if (bodyScope is null && output is not null)
            {
                orderScope.SelectAliases.UnionWith(output);
            }

            foreach (var term in statement.OrderBy) Expr(term.Expr, orderScope, visible);
            if (statement.Limit is not null) Expr(statement.Limit, new Scope(outer), visible);
            if (statement.Offset is not null) Expr(statement.Offset, new Scope(outer), visible);
            return output;
        }

        private (IReadOnlySet<string>? Output, Scope? Scope) Body(QueryBody body, Scope? outer, Dictionary<string, Source> ctes)
        {
            switch (body)
            {
                case SelectCore core:
                    return Select(core, outer, ctes);

                case CompoundBody compound:
                {
                    var (left, _) = Body(compound.Left, outer, ctes);
                    Body(compound.Right, outer, ctes);
                    return (left, null);
                }

                case ValuesBody values:
                {
                    var scope = new Scope(outer);
                    foreach (var row in values.Rows)
                    foreach (var e in row)
                        Expr(e, scope, ctes);
                    return (null, null);
                }

                case NestedBody nested:
                    return (Statement(nested.Query, outer, ctes), null);
                default:
                    throw new SqlRefusedException("sql.parse", "Unsupported query form.");
            }
        }

        private (IReadOnlySet<string>? Output, Scope? Scope) Select(SelectCore core, Scope? outer, Dictionary<string, Source> ctes)
        {
            var scope = new Scope(outer);
            if (core.From is not null) From(core.From, scope, outer, ctes);
            var output = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var unknown = false;
            foreach (var column in core.Columns)
            {
                switch (column)
                {
                    case StarColumn star:
                        unknown |= !StarOutput(star, scope, hasFrom: core.From is not null, output);
                        break;
                    case ExprColumn e:
                        Expr(e.Expr, scope, ctes);
                        if (e.Alias is not null)
                        {
                            output.Add(e.Alias);
                            scope.SelectAliases.Add(e.Alias);
                        }
                        else if (e.Expr is ColumnExpr c)
                        {
                            output.Add(c.Column);
                        }

                        break;
                }
            }

            if (core.Where is not null) Expr(core.Where, scope, ctes);
            foreach (var g in core.GroupBy) Expr(g, scope, ctes);
            if (core.Having is not null) Expr(core.Having, scope, ctes);
            foreach (var w in core.Windows) Window(w.Spec, scope, ctes);
            return (unknown ? null : output, scope);
        }

        /// <summary>Adds the columns a <c>*</c> stands for; false when a source's columns are not known.</summary>
        private bool StarOutput(StarColumn star, Scope scope, bool hasFrom, HashSet<string> output)
        {
            if (star.Qualifier is not null && scope.Resolve(star.Qualifier) is null)
            {
                throw new SqlRefusedException("sql.unknown-table", $"'{star.Qualifier}.*' names no table of the query.");
            }

            if (!hasFrom) throw new SqlRefusedException("sql.parse", "SELECT * needs a FROM clause.");

            var known = true;
            foreach (var source in StarSources(scope, star.Qualifier))
            {
                if (source is BaseSource b) output.UnionWith(b.Table.Columns.Where(c => !owner._policy.IsDenied(b.Table.Name, c.Name)).Select(c => c.Name));
                else if (source is DerivedSource { Columns: { } cols }) output.UnionWith(cols);
                else known = false;
            }

            return known;
        }

        private static IEnumerable<Source> StarSources(Scope scope, string? qualifier) =>
            qualifier is null ? scope.Aliases.Values : [scope.Resolve(qualifier)!];

        private void From(FromItem item, Scope scope, Scope? outer, Dictionary<string, Source> ctes)
        {
            switch (item)
            {
                case TableRef t:
                {
                    Source source;
                    if (t.Schema is null && ctes.TryGetValue(t.Name, out var cte))
                    {
                        source = cte;
                    }
                    else
                    {
                        var key = t.Schema is null ? t.Name : $"{t.Schema}.{t.Name}";
                        if (!owner._tables.TryGetValue(key, out var table) || (t.Schema is not null && !string.Equals(table.Schema, t.Schema, StringComparison.OrdinalIgnoreCase)))
                        {
                            throw new SqlRefusedException("sql.table-not-allowed", $"Table '{key}' is not in this data source's catalog of allowed tables.");
                        }

                        if (owner._policy.DeniedTables.Contains(table.Name))
                        {
                            throw new SqlRefusedException("permission.table", $"Table '{table.Name}' is not visible to you.");
                        }

                        TablesRead.Add(table.Name);
                        source = new BaseSource(table);
                        var replacement = owner.Restricted(table, t.ExposedName);
                        if (replacement is not null) Edits.Add(new Edit(t.Start, t.End, replacement));
                    }

                    if (!scope.Aliases.TryAdd(t.ExposedName, source))
                    {
                        throw new SqlRefusedException("sql.duplicate-alias", $"The name '{t.ExposedName}' is used twice in one FROM clause.");
                    }

                    break;
                }

                case SubqueryRef s:
                {
                    var columns = Statement(s.Query, outer, ctes);
                    scope.Aliases[s.Alias ?? $"#subquery{s.Start}"] = new DerivedSource(columns);
                    break;
                }

                case JoinItem j:
                {
                    From(j.Left, scope, outer, ctes);
                    From(j.Right, scope, outer, ctes);
                    if (j.On is not null) Expr(j.On, scope, ctes);
                    foreach (var column in j.Using ?? [])
                    {
                        _columns.CheckUnqualified(column, scope);
                    }

                    break;
                }
            }
        }

        private void Window(WindowSpec spec, Scope scope, Dictionary<string, Source> ctes)
        {
            foreach (var e in spec.PartitionBy) Expr(e, scope, ctes);
            foreach (var o in spec.OrderBy) Expr(o.Expr, scope, ctes);
            foreach (var e in spec.Frame) Expr(e, scope, ctes);
        }

        private void Expr(SqlExpr expr, Scope scope, Dictionary<string, Source> ctes)
        {
            switch (expr)
            {
                case ColumnExpr c:
                    _columns.Check(c, scope);
                    break;
                case LiteralExpr { Kind: LiteralKind.String } s when !owner.IsPostgres:
                {
                    var name = $"@q{_parameterIndex++}";
                    NewParameters[name] = s.Value;
                    Edits.Add(new Edit(s.Start, s.End, name));
                    break;
                }

                case LiteralExpr or TypedLiteralExpr:
                    break;
                case ParameterExpr p:
                    if (!parameters.ContainsKey(p.Name) && !parameters.ContainsKey(p.Name.TrimStart('@', ':', '$')))
                    {
                        throw new SqlRefusedException("sql.unknown-parameter", $"The SQL uses parameter {p.Name}, which was not supplied.");
                    }

                    break;
                case FunctionExpr f:
                    foreach (var a in f.Args) Expr(a, scope, ctes);
                    if (f.Filter is not null) Expr(f.Filter, scope, ctes);
                    if (f.Over is not null) Window(f.Over, scope, ctes);
                    break;
                case SubqueryExpr q:
                    Statement(q.Query, scope, ctes);
                    break;
                case OperatorExpr o:
                    foreach (var operand in o.Operands) Expr(operand, scope, ctes);
                    if (o.Operator is "=" or "IN") Comparison(o, scope);
                    break;
            }
        }

        /// <summary>Remembers <c>column = value</c> and <c>column IN (values)</c> over a base table (either side of <c>=</c>).</summary>
        private void Comparison(OperatorExpr o, Scope scope)
        {
            var operands = o.Operator == "=" && o.Operands.Count == 2 && o.Operands[0] is not ColumnExpr ? [o.Operands[1], o.Operands[0]] : o.Operands;
            if (operands.Count < 2 || operands[0] is not ColumnExpr column || ColumnChecks.BaseTableOf(column, scope) is not { } table) return;
            foreach (var operand in operands.Skip(1))
            {
                if (Constant(operand) is { } value) Compared.Add(new ComparedValue(table.Name, column.Column, value));
            }
        }

        private object? Constant(SqlExpr expr) => expr switch
        {
            LiteralExpr { Kind: LiteralKind.String } s => s.Value,
            LiteralExpr { Kind: LiteralKind.Number } n when long.TryParse(n.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => whole,
            LiteralExpr { Kind: LiteralKind.Number } n when decimal.TryParse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            ParameterExpr p => parameters.TryGetValue(p.Name, out var v) || parameters.TryGetValue(p.Name.TrimStart('@', ':', '$'), out v) ? v : null,
            _ => null,
        };
    }
}
