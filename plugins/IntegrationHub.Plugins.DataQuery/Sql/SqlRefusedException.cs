namespace IntegrationHub.Plugins.DataQuery.Sql;

/// <summary>Why a query was refused; <see cref="Code"/> is stable (<c>sql.not-a-query</c>, <c>sql.table-not-allowed</c> …).</summary>
public sealed class SqlRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
