using IntegrationHub.Contracts.Data;
using IntegrationHub.Reasoning.Llm;

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
/// model's <c>run_explain</c> calls). One seam, so that the hub's single SQL-safety component can take its place.
/// </summary>
public interface IGeneratedSqlValidator
{
    /// <summary>Null when <paramref name="sql"/> may be proposed for <paramref name="catalog"/>, else what is wrong with it.</summary>
    SqlProblem? Check(string? sql, DatabaseCatalog catalog);
}

/// <summary>
/// Today's validator: <see cref="SqlGuard"/> (one read-only statement) then <see cref="CatalogReferences"/> (tables and
/// qualified columns the catalog has). The DataQuery plugin still validates with its parser before anything runs.
/// </summary>
public sealed class GuardedSqlValidator : IGeneratedSqlValidator
{
    public SqlProblem? Check(string? sql, DatabaseCatalog catalog)
    {
        if (SqlGuard.Problem(sql) is { } unsafeReason) return new SqlProblem(SqlProblem.Unsafe, unsafeReason);
        return CatalogReferences.Problem(sql!, catalog) is { } unknown ? new SqlProblem(SqlProblem.UnknownReference, unknown) : null;
    }
}
