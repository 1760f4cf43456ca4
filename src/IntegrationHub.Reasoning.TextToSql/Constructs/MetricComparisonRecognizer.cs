namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>A metric compared with a number and nothing to group by filters rows: "评分低于3分的回访有多少".</summary>
internal sealed class MetricComparisonRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        foreach (var c in p.Comparisons)
        {
            if (c.CountUnit || c.Subject is null || p.Resolved[c.Subject].Metric is not { } cm || p.Model.Groups.Count > 0 || p.Model.GroupEntity is not null) continue;
            if (p.Model.ExplicitTables.Any(e => e.Table != p.Index.Table(cm.Table))) continue;
            if (MetricColumn().Match(cm.Expression) is not { Success: true } mc || p.Index.Table(mc.Groups["t"].Value)?.Column(mc.Groups["c"].Value) is not { } column) continue;
            p.Model.Metrics.Remove(cm);
            c.Subject = new Token(c.Subject.Start, c.Subject.Length, c.Subject.Text, [new Target(TermKind.Column, column.Table, column)]);
            p.Resolved[c.Subject] = c.Subject.First;
        }
    }
}
