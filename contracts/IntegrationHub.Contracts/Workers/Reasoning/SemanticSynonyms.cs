namespace IntegrationHub.Contracts.Workers.Reasoning;

/// <summary>Other words for one column (Chinese or English), for example <c>容量</c> for <c>customer.contract_capacity_kva</c>.</summary>
public sealed record SemanticColumn(string Table, string Column, IReadOnlyList<string> Synonyms);

/// <summary>
/// Other words for one stored value, for example <c>Hangzhou</c> for <c>region.city = '杭州'</c> or <c>催缴</c> for
/// <c>outbound_call.purpose = '电费催缴'</c>. Unlike a <see cref="SemanticFilter"/> the value stays a query parameter.
/// </summary>
public sealed record SemanticValue(string Table, string Column, string Value, IReadOnlyList<string> Synonyms);
