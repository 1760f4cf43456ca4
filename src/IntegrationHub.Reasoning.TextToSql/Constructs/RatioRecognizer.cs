namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Ratios of two aggregates ("ratio of A to B", "A与B之比"), of a measure and a count, of one measure under two conditions.</summary>
internal sealed class RatioRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (RatioWord().IsMatch(p.Rest) && !p.Model.RowList
            && Ratio(p, p.Model.Measures, p.Model.ValueFilters, p.Model.Booleans, p.Words.CountWord ? CountWord().Match(p.Rest).Index : -1) is { } ratio)
            p.Model.Measures = ratio;
    }

    /// <summary>
    /// The ratio first, its two parts beside it. Two conditions around one measure ("the length of X to the length
    /// of Y", "enrolled in courses with exams to those without") give the measure under each; two measures give
    /// the first over the second. Null when the question does not have that shape (then it is answered without one).
    /// </summary>
    private static List<Measure>? Ratio(PlanContext p, List<Measure> measures, List<(ColumnModel Column, string Value)> values, List<(ColumnModel Column, bool Value)> booleans, int countAt)
    {
        if (measures.Count == 1 && (values.Count == 2 || booleans.Count == 2) && RatioPart(measures[0]) is { } inner)
        {
            string a, b;
            if (values.Count == 2)
            {
                a = $"{Col(values[0].Column)} = {p.Param(values[0].Value)}";
                b = $"{Col(values[1].Column)} = {p.Param(values[1].Value)}";
                values.Clear();
            }
            else
            {
                a = BooleanCondition(booleans[0].Column, booleans[0].Value);
                b = BooleanCondition(booleans[1].Column, booleans[1].Value);
                booleans.Clear();
            }
            var top = $"SUM(CASE WHEN {a} THEN {inner} ELSE 0 END)";
            var bottom = $"SUM(CASE WHEN {b} THEN {inner} ELSE 0 END)";
            p.Explain.Add(p.Zh ? "两个条件下的比值" : "ratio of the measure under two conditions");
            return [new Measure($"{top} * 1.0 / NULLIF({bottom}, 0)", p.Zh ? "比值" : "ratio"), new Measure(top, "numerator"), new Measure(bottom, "denominator")];
        }
        var aggregated = measures.Where(m => m.Aggregated).ToList();
        // "the ratio of the total capacity to the number of customers": a count is the other part, in the order said.
        if (aggregated.Count == 1 && !aggregated[0].IsCount && countAt >= 0)
        {
            var count = new Measure("COUNT(*)", p.Zh ? "数量" : "count", IsCount: true);
            var measureAt = aggregated[0].Column is { } mc ? p.Text.IndexOf(mc.Head ?? mc.Name.Replace('_', ' '), StringComparison.Ordinal) : -1;
            if (measureAt >= 0 && countAt < measureAt) aggregated.Insert(0, count);
            else aggregated.Add(count);
        }
        if (aggregated.Count < 2) return null;
        p.Explain.Add(p.Zh ? $"{aggregated[0].Label} 与 {aggregated[1].Label} 之比" : $"ratio of {aggregated[0].Label} to {aggregated[1].Label}");
        return [new Measure($"{aggregated[0].Sql} * 1.0 / NULLIF({aggregated[1].Sql}, 0)", p.Zh ? "比值" : "ratio"), aggregated[0], aggregated[1]];
    }

    /// <summary>What a conditional sum adds per row: the summed expression, or 1 for a row count.</summary>
    private static string? RatioPart(Measure m) =>
        m.IsCount && m.Sql == "COUNT(*)" ? "1" : OuterSum().Match(m.Sql) is { Success: true } sum ? sum.Groups[1].Value : null;
}
