namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"逾期未缴电费的客户有多少户": the entity counted after the amounts that describe it.</summary>
internal sealed class CountedEntityRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Words.CountWord && p.Model.Measures.Count > 0 && p.Comparisons.Count == 0 && p.Model.Groups.Count == 0 && p.Model.GroupEntity is null
            && p.CountSubject(p.Model.ExplicitTables, p.Model.Fact) is { } counted && counted != p.Model.Fact && counted.Key is not null
            && p.Model.ExplicitTables.First(e => e.Table == counted).Token.Start > p.Tokens.Where(t => p.Resolved[t].Kind is TermKind.Metric || (p.Resolved[t].Column?.IsNumeric ?? false)).Select(t => t.Start).DefaultIfEmpty(int.MaxValue).Max())
        {
            p.Model.Measures = [new Measure($"COUNT(DISTINCT {Col(counted.Key!)})", p.Zh ? "数量" : "count", IsCount: true)];
            p.Tables.Add(counted);
        }
    }
}
