namespace IntegrationHub.Plugins.DataQuery.Sql;

/// <param name="Sql">The validated query with its row limit: what is shown to the user and stored in the audit.</param>
/// <param name="ExecutableSql">What runs: <paramref name="Sql"/> with the user's row filters and hidden columns applied and literals parameterised.</param>
/// <param name="Tables">Base tables the query reads.</param>
public sealed record ValidatedQuery(string Sql, string ExecutableSql, IReadOnlyDictionary<string, object?> Parameters, IReadOnlyList<string> Tables)
{
    /// <summary>Values the query compares a base table's column with (<c>city = '杭州'</c>, <c>customer_id IN (…)</c>): what it asks about.</summary>
    public IReadOnlyList<ComparedValue> Compared { get; init; } = [];
}

/// <summary>A value the query looks for in <paramref name="Table"/>.<paramref name="Column"/>.</summary>
public sealed record ComparedValue(string Table, string Column, object Value);
