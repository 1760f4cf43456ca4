using IntegrationHub.Contracts.Data;
using IntegrationHub.Sql;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>Why generated SQL may not be shown or run. <see cref="Code"/> is the reply's error code when no repair helps.</summary>
public sealed record SqlProblem(string Code, string Message)
{
    public const string Unsafe = "text-to-sql.unsafe";
    public const string UnknownReference = "text-to-sql.unknown-reference";
    public const string Execution = "text-to-sql.execution";
}

/// <summary>
/// The one place the reasoning worker checks SQL it is about to hand out (the model's, the offline engine's, the
/// model's <c>run_explain</c> calls).
/// </summary>
public interface IGeneratedSqlValidator
{
    /// <summary>Null when <paramref name="sql"/> may be proposed for <paramref name="catalog"/>, else what is wrong with it.</summary>
    SqlProblem? Check(string? sql, DatabaseCatalog catalog);
}

/// <summary>
/// The hub's one SQL-safety check (<see cref="SqlSafety"/>: a single read-only query, allowed functions, no system
/// catalogs, in the catalog's dialect) then <see cref="CatalogReferences"/> (tables and qualified columns the catalog has).
/// </summary>
public sealed class GuardedSqlValidator : IGeneratedSqlValidator
{
    public SqlProblem? Check(string? sql, DatabaseCatalog catalog)
    {
        var verdict = SqlSafety.Check(sql, catalog.Dialect);
        if (!verdict.IsSafe) return new SqlProblem(SqlProblem.Unsafe, verdict.Reason!);
        return CatalogReferences.Problem(sql!, catalog) is { } unknown ? new SqlProblem(SqlProblem.UnknownReference, unknown) : null;
    }
}
