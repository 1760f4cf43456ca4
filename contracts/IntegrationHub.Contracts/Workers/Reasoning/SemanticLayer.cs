namespace IntegrationHub.Contracts.Workers.Reasoning;

/// <summary>
/// Business meaning layered over a database's catalog: what "用电量" or "逾期金额" means in SQL, which words name
/// which columns and values, and how tables join. Loaded from a YAML/JSON file beside the data source's config.
/// </summary>
public sealed record SemanticLayer(
    IReadOnlyList<SemanticMetric> Metrics,
    IReadOnlyList<SemanticDimension> Dimensions,
    IReadOnlyList<SemanticFilter> Filters,
    IReadOnlyDictionary<string, string>? TimeColumns = null,
    IReadOnlyList<SemanticJoin>? Joins = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? TableSynonyms = null,
    IReadOnlyList<SemanticColumn>? Columns = null,
    IReadOnlyList<SemanticValue>? Values = null);

/// <param name="Expression">Aggregate SQL over <paramref name="Table"/>, for example <c>SUM(monthly_consumption.total_kwh)</c>.</param>
/// <param name="Filter">A condition the metric always carries (for example unpaid bills only), or null.</param>
public sealed record SemanticMetric(string Name, IReadOnlyList<string> Synonyms, string Table, string Expression, string? Filter = null, string? Unit = null, string? TimeColumn = null);

/// <param name="Expression">Column (<c>region.city</c>) or expression the dimension groups by.</param>
public sealed record SemanticDimension(string Name, IReadOnlyList<string> Synonyms, string Table, string Expression);

/// <param name="Condition">SQL condition over <paramref name="Table"/>, for example <c>customer.category = '居民生活'</c>.</param>
public sealed record SemanticFilter(string Name, IReadOnlyList<string> Synonyms, string Table, string Condition);

/// <param name="On">Join condition, for example <c>customer.region_id = region.region_id</c>.</param>
public sealed record SemanticJoin(string From, string To, string On);
