using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

internal enum Agg { None, Sum, Avg, Max, Min, Count }

/// <summary>One computed column: SQL, its label, the column it reads (for row lists and ordering).</summary>
internal sealed record Measure(string Sql, string Label, ColumnModel? Column = null, bool IsCount = false, bool Aggregated = true);

internal sealed record GroupItem(string Sql, string Label, bool IsTime = false, ColumnModel? Column = null);

/// <summary>"超过10000", "more than 5": where it stands in the question, the operator, the number and the term it compares.</summary>
internal sealed record Comparison(int Index, int Length, string Op, double Value, bool CountUnit)
{
    public Token? Subject { get; set; }
}

/// <summary>
/// The query one question asks for, filled in by the construct recognisers (roles, top-N, comparisons, measures,
/// grouping, filters, time) and rendered by <c>QueryPlanner.Render</c>. Row conditions are kept by the planner, which
/// owns their parameters.
/// </summary>
internal sealed class QueryModel
{
    public List<SemanticMetric> Metrics { get; } = [];
    public List<SemanticFilter> Filters { get; } = [];
    public List<Measure> Measures { get; set; } = [];
    public List<GroupItem> Groups { get; set; } = [];
    public List<ColumnModel> Outputs { get; } = [];
    public List<TableModel> Mentioned { get; } = [];
    public List<(Token Token, TableModel Table)> ExplicitTables { get; } = [];
    public List<(ColumnModel Column, string Value)> ValueFilters { get; } = [];
    public List<(ColumnModel Column, string Value)> Negated { get; } = [];
    public List<(ColumnModel Column, bool Value)> Booleans { get; } = [];
    public List<(Token Token, ColumnModel Column)> NumericColumns { get; } = [];
    public List<TableModel> Candidates { get; set; } = [];
    public ColumnModel? TimeHint { get; set; }
    public ColumnModel? TimeColumn { get; set; }
    public (string Sql, string Label)? CountDistinct { get; set; }
    /// <summary>The entity grouped by its key and name ("各客户", "which customer").</summary>
    public TableModel? GroupEntity { get; set; }
    public Token? TopTarget { get; set; }
    public TableModel? TopTargetTable { get; set; }
    public TableModel Fact { get; set; } = null!;
    public bool RowList { get; set; }
    public bool TopRows { get; set; }
    public string? Having { get; set; }
    /// <summary>Count the groups that pass the HAVING ("how many customers used more than …").</summary>
    public bool CountGroups { get; set; }
    public bool? Descending { get; set; }
    /// <summary>The time between two named date columns ("days between borrowed and returned"), as SQL and label.</summary>
    public (string Sql, string Label)? Elapsed { get; set; }
    /// <summary>Rows that have each of two values of one column ("members who borrowed both novels and history").</summary>
    public bool Intersection { get; set; }
    /// <summary>The measures are scalar sub-queries over different tables: the query has no FROM of its own.</summary>
    public bool Standalone { get; set; }
}
