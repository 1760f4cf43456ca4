namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Nothing measured and no list: count rows, or the distinct entity asked about.</summary>
internal sealed class CountRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Model.Measures.Count == 0 && !p.Model.RowList && !(p.Model.Intersection && !p.Model.CountGroups))
        {
            var subject = p.Comparisons.Any(c => c.CountUnit) ? null : p.CountSubject(p.Model.ExplicitTables, p.Model.Fact);
            var countSql = p.Model.CountDistinct is { } cd ? $"COUNT(DISTINCT {cd.Sql})"
                : subject is not null && subject != p.Model.Fact && subject.Key is not null
                ? $"COUNT(DISTINCT {Col(subject.Key!)})" : "COUNT(*)";
            if (subject is not null && subject != p.Model.Fact) p.Tables.Add(subject);
            p.Model.Measures.Add(new Measure(countSql, p.Zh ? "数量" : "count", IsCount: true));
        }
    }
}
