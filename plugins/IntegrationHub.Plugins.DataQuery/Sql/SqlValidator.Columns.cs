using IntegrationHub.Contracts.Data;
using IntegrationHub.Sql;

namespace IntegrationHub.Plugins.DataQuery.Sql;

public sealed partial class SqlValidator
{
    /// <summary>
    /// Column references against the tables in scope: unknown columns and columns the access policy hides are refused;
    /// SQLite's row ids are allowed as columns of any table.
    /// </summary>
    private sealed class ColumnChecks(AccessPolicy policy, bool isPostgres)
    {
        /// <summary>The base table a column reference reads, when exactly one is in scope; null otherwise.</summary>
        public static TableInfo? BaseTableOf(ColumnExpr column, Scope scope)
        {
            if (column.Qualifier is not null) return (scope.Resolve(column.Qualifier) as BaseSource)?.Table;
            for (var s = scope; s is not null; s = s.Parent)
            {
                var owners = s.Aliases.Values.OfType<BaseSource>().Where(b => b.Table.Columns.Any(c => string.Equals(c.Name, column.Column, StringComparison.OrdinalIgnoreCase))).ToList();
                if (owners.Count > 0) return owners.Count == 1 ? owners[0].Table : null;
            }

            return null;
        }

        /// <summary>Refuses a column the query's tables lack or the user may not see.</summary>
        public void Check(ColumnExpr c, Scope scope)
        {
            if (c.Qualifier is null)
            {
                CheckUnqualified(c.Column, scope);
                return;
            }

            var source = scope.Resolve(c.Qualifier)
                ?? throw new SqlRefusedException("sql.unknown-table", $"'{c.Qualifier}.{c.Column}' refers to '{c.Qualifier}', which is not a table of the query.");
            switch (source)
            {
                case BaseSource b:
                    CheckBaseColumn(b.Table, c.Column);
                    break;
                case DerivedSource { Columns: { } cols } when !cols.Contains(c.Column):
                    throw new SqlRefusedException("sql.unknown-column", $"'{c.Qualifier}' has no column '{c.Column}'.");
            }
        }

        private void CheckBaseColumn(TableInfo table, string column)
        {
            if (IsRowId(column) && !isPostgres) return;
            if (!table.Columns.Any(x => string.Equals(x.Name, column, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SqlRefusedException("sql.unknown-column", $"Table '{table.Name}' has no column '{column}'.");
            }

            if (policy.IsDenied(table.Name, column))
            {
                throw new SqlRefusedException("permission.column", $"Column '{table.Name}.{column}' is not visible to you.");
            }
        }

        public void CheckUnqualified(string column, Scope scope)
        {
            for (var s = scope; s is not null; s = s.Parent)
            {
                var found = false;
                foreach (var source in s.Aliases.Values)
                {
                    switch (source)
                    {
                        case BaseSource b when b.Table.Columns.Any(x => string.Equals(x.Name, column, StringComparison.OrdinalIgnoreCase)):
                            if (policy.IsDenied(b.Table.Name, column))
                            {
                                throw new SqlRefusedException("permission.column", $"Column '{b.Table.Name}.{column}' is not visible to you.");
                            }

                            found = true;
                            break;
                        case DerivedSource d when d.Columns is null || d.Columns.Contains(column):
                            found = true;
                            break;
                    }
                }

                if (found || s.SelectAliases.Contains(column)) return;
            }

            if (IsRowId(column) && !isPostgres) return;
            throw new SqlRefusedException("sql.unknown-column", $"Column '{column}' is not in any table of the query.");
        }

        private static bool IsRowId(string column) =>
            column.Equals("rowid", StringComparison.OrdinalIgnoreCase) || column.Equals("oid", StringComparison.OrdinalIgnoreCase) || column.Equals("_rowid_", StringComparison.OrdinalIgnoreCase);
    }
}
