namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Time ranges, period comparisons (同比/环比) and time grains (by month/week/year) on the chosen date column.</summary>
internal sealed class TimeRangeRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        var comparison = p.Time.Comparison;
        if (comparison != TimeComparison.None)
        {
            var current = p.Time.Range ?? p.LastMonth();
            if (current.EndExclusive > p.AsOf.AddDays(1) || (comparison == TimeComparison.YearOverYear && current.EndExclusive > p.AsOf && current.Start.Year == p.AsOf.Year && current.EndExclusive.Year > p.AsOf.Year))
            {
                var monthStart = new DateOnly(p.AsOf.Year, p.AsOf.Month, 1);
                if (monthStart > current.Start) current = current with { EndExclusive = monthStart };
            }
            var prior = comparison == TimeComparison.YearOverYear ? current.ShiftYears(-1) : current.Previous();
            var curCond = p.TimeCondition(p.Model.TimeColumn!, current);
            var prevCond = p.TimeCondition(p.Model.TimeColumn!, prior);
            p.AddCondition($"(({curCond}) OR ({prevCond}))");
            p.Model.Measures = p.Model.Measures.SelectMany(m =>
            {
                var cur = Conditional(m.Sql, curCond);
                var prev = Conditional(m.Sql, prevCond);
                var label = m.Label + (p.Zh ? (comparison == TimeComparison.YearOverYear ? "同比增长率" : "环比增长率") : (comparison == TimeComparison.YearOverYear ? "_yoy_growth" : "_growth"));
                return new[]
                {
                    new Measure($"(({cur}) - ({prev})) * 1.0 / NULLIF({prev}, 0)", label),
                    new Measure(cur, m.Label + (p.Zh ? "_本期" : "_current")),
                    new Measure(prev, m.Label + (p.Zh ? (comparison == TimeComparison.YearOverYear ? "_去年同期" : "_上期") : "_previous")),
                };
            }).ToList();
            p.Explain.Add(p.Zh ? $"对比 {Describe(current)} 与 {Describe(prior)}" : $"comparing {Describe(current)} with {Describe(prior)}");
        }
        else if (p.Time.Range is { } range)
        {
            p.AddCondition(p.TimeCondition(p.Model.TimeColumn!, range));
            p.Explain.Add(p.Zh ? $"时间 {Describe(range)}（{p.Model.TimeColumn!.Table.Name}.{p.Model.TimeColumn.Name}）" : $"time {Describe(range)} on {p.Model.TimeColumn!.Table.Name}.{p.Model.TimeColumn.Name}");
        }
        if (p.Time.GroupBy is { } grain)
            p.Model.Groups.Insert(0, new GroupItem(p.GrainExpression(p.Model.TimeColumn!, grain), grain.ToString().ToLowerInvariant(), IsTime: true));
    }
}
