namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The fact table: the metric's table, else the measured column's, else the mentioned table that reaches all the others.</summary>
internal sealed class FactTableRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        p.Model.Candidates.AddRange(p.Model.Metrics.Select(m => p.Index.Table(m.Table)!));
        p.Model.Candidates.AddRange(p.Model.NumericColumns.Select(n => n.Column.Table));
        p.Model.Candidates.AddRange(p.Model.ValueFilters.Concat(p.Model.Negated).Select(v => v.Column.Table));
        p.Model.Candidates.AddRange(p.Model.Filters.Select(f => p.Index.Table(f.Table)!));
        p.Model.Candidates.AddRange(p.Model.Booleans.Select(b => b.Column.Table));
        p.Model.Candidates.AddRange(p.Comparisons.Where(c => c.Subject is not null && p.Resolved[c.Subject].Column is { }).Select(c => p.Resolved[c.Subject!].Table));
        p.Model.Candidates.AddRange(p.Model.Mentioned);
        p.Model.Candidates.AddRange(p.Model.Groups.SelectMany(g => p.TablesIn(g.Sql)));
        p.Model.Candidates.AddRange(p.Model.Outputs.Select(o => o.Table));
        if (p.Model.GroupEntity is not null) p.Model.Candidates.Add(p.Model.GroupEntity);
        // A time word ("新增", "created") names the table only when nothing else does.
        if (p.Model.TimeHint is not null && (p.Model.Candidates.Count == 0 || p.Model.Candidates.Contains(p.Model.TimeHint.Table))) p.Model.Candidates.Add(p.Model.TimeHint.Table);
        p.Model.Candidates = p.Model.Candidates.Distinct().ToList();
        if (p.Model.Candidates.Count == 0)
            throw new TextToSqlRefusal("text-to-sql.unlinked", p.Zh ? "无法确定问题针对哪张表。" : "Could not tell which table the question is about.");

        if (p.Model.Metrics.Count > 0) p.Model.Fact = p.Index.Table(p.Model.Metrics[0].Table)!;
        else if (p.Model.NumericColumns.Count > 0 && !(p.Words.ListMode && !p.Words.CountWord && p.Words.Agg == Agg.None && p.Words.TopN is null && !p.Words.Superlative.Success && !AggWord().IsMatch(p.Rest)))
            p.Model.Fact = p.Model.NumericColumns[0].Column.Table;
        else p.Model.Fact = p.MostSpecific(p.Model.Candidates, p.Model.ExplicitTables.Select(e => e.Table).ToList());
    }
}
