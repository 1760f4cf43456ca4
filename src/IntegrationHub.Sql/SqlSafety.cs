namespace IntegrationHub.Sql;

/// <summary>The answer to "may this run?": safe with its parse tree, or the stable code and the reason why not.</summary>
/// <param name="Code"><c>sql.empty</c>, <c>sql.too-long</c>, <c>sql.parse</c>, <c>sql.not-a-query</c>, <c>sql.function-not-allowed</c> or <c>sql.table-not-allowed</c>; null when safe.</param>
public sealed record SqlSafetyVerdict(QueryStatement? Statement, string? Code, string? Reason)
{
    public bool IsSafe => Code is null;

    internal static SqlSafetyVerdict Refused(string code, string reason) => new(null, code, reason);
}

/// <summary>
/// The one SQL-safety check of the hub, used by DataQuery's validator and by every data source before it runs a
/// statement: exactly one read-only query (<c>[WITH …] SELECT …</c>; a write anywhere, also inside a CTE, does not
/// parse), calling only pure functions (no table-valued functions, nothing that sleeps, reads files or loads code),
/// reading no system catalog of the dialect. Comments are ignored; what remains must parse as a whole.
/// </summary>
public static class SqlSafety
{
    public const int MaxLength = 20_000;

    /// <param name="dialect"><c>sqlite</c> or <c>postgresql</c> (the values of the contracts' <c>SqlDialects</c>).</param>
    public static SqlSafetyVerdict Check(string? sql, string dialect)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return SqlSafetyVerdict.Refused("sql.empty", "No SQL was produced.");
        }

        if (sql.Length > MaxLength)
        {
            return SqlSafetyVerdict.Refused("sql.too-long", $"The SQL is too long to be checked (over {MaxLength:N0} characters).");
        }

        QueryStatement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (NotAQueryException e)
        {
            return SqlSafetyVerdict.Refused("sql.not-a-query", e.Message);
        }
        catch (SqlParseException e)
        {
            return SqlSafetyVerdict.Refused("sql.parse", $"The SQL could not be parsed: {e.Message} (at character {e.Position}).");
        }

        foreach (var node in SqlTree.Descendants(statement))
        {
            switch (node)
            {
                case FunctionRef f:
                    return SqlSafetyVerdict.Refused("sql.function-not-allowed", $"Table-valued function '{f.Name}' is not allowed in FROM.");
                case FunctionExpr f when !SafeFunctions.Allows(f.Name):
                    return SqlSafetyVerdict.Refused("sql.function-not-allowed", $"Function '{f.Name}' is not allowed.");
                case TableRef t when SystemCatalog.Contains(dialect, t.Schema, t.Name):
                    var name = t.Schema is null ? t.Name : $"{t.Schema}.{t.Name}";
                    return SqlSafetyVerdict.Refused("sql.table-not-allowed", $"Table '{name}' is a system catalog of the database; it may not be read.");
            }
        }

        return new SqlSafetyVerdict(statement, null, null);
    }
}
