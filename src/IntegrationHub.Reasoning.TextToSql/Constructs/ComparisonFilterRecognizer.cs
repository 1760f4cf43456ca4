namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Comparisons with a number: a row condition on a column, or HAVING on an aggregate ("超过100次的区县").</summary>
internal sealed class ComparisonFilterRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        foreach (var c in p.Comparisons)
        {
            var subjectTarget = c.Subject is null ? null : p.Resolved[c.Subject];
            if (!c.CountUnit && subjectTarget?.Column is { } sc)
            {
                p.AddCondition($"{Col(sc)} {c.Op} {p.Param(c.Value)}");
                continue;
            }
            var aggregate = !c.CountUnit && subjectTarget?.Kind == TermKind.Metric
                ? p.Model.Measures.FirstOrDefault(m => m.Aggregated)?.Sql ?? "COUNT(*)"
                : p.Model.Measures.FirstOrDefault(m => m.IsCount)?.Sql ?? "COUNT(*)";
            if (!p.Model.Measures.Any(m => m.Sql == aggregate)) p.Model.Measures.Add(new Measure(aggregate, p.Zh ? "数量" : "count", IsCount: true));
            p.Model.Having = $"{aggregate} {c.Op} {p.Param(c.Value)}";
            if (p.Model.Groups.Count == 0 && p.Model.GroupEntity is null)
            {
                var entity = p.Model.ExplicitTables.LastOrDefault(e => e.Table != p.Model.Fact);
                if (entity.Table is not null)
                {
                    p.Model.GroupEntity = entity.Table;
                    p.Model.CountGroups = p.IsCounted(entity.Token);
                }
            }
        }
    }
}
