using System.Globalization;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Aggregates: metrics, sums/averages/extremes of number columns, averages of durations.</summary>
internal sealed class AggregateRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        var superAgg = p.Words.Superlative.Success && p.Model.TopTarget is null && p.Model.Groups.Count == 0 && p.Model.GroupEntity is null && p.Words.TopN is null
            ? (Ascending().IsMatch(p.Words.Superlative.Value) ? Agg.Min : Agg.Max) : Agg.None;
        var wantAgg = p.Words.Agg != Agg.None ? p.Words.Agg : superAgg;
        var sumWanted = AggWord().IsMatch(p.Rest);
        foreach (var m in p.Model.Metrics)
        {
            var parts = SplitTopLevel(m.Expression);
            for (var i = 0; i < parts.Count; i++)
            {
                var a = wantAgg != Agg.None ? wantAgg : sumWanted && OuterAggregate().Match(parts[i]) is { Success: true } om && om.Groups[1].Value.Equals("AVG", StringComparison.OrdinalIgnoreCase) ? Agg.Sum : Agg.None;
                var sql = a != Agg.None ? ReplaceOuterAggregate(parts[i], a) : parts[i];
                p.Model.Measures.Add(new Measure(sql, p.MetricLabel(m, a) + (parts.Count > 1 ? "_" + (i + 1).ToString(CultureInfo.InvariantCulture) : "")));
            }
            if (!string.IsNullOrWhiteSpace(m.Filter)) p.AddCondition(m.Filter!);
        }
        foreach (var (token, col) in p.Model.NumericColumns)
        {
            if (p.Model.Metrics.Count > 0 && col.Table != p.Model.Fact) continue;
            var a = wantAgg != Agg.None ? wantAgg : Agg.Sum;
            p.Model.Measures.Add(new Measure($"{AggName(a)}({Col(col)})", $"{p.AggLabel(a)}{(col.Head ?? col.Name)}", col));
        }
        p.Model.Measures = p.Model.Measures.DistinctBy(m => m.Sql).ToList();
        if (p.Model.Measures.Count == 0 && DurationWord().IsMatch(p.Rest) && !SinceLatestWord().IsMatch(p.Text) && p.DurationOf(p.Model.Fact, p.Rest) is { } duration)
        {
            var a = wantAgg != Agg.None ? wantAgg : sumWanted ? Agg.Sum : Agg.Avg;
            p.Model.Measures.Add(new Measure($"{AggName(a)}({duration.Sql})", p.AggLabel(a) + duration.Label));
        }
    }
}
