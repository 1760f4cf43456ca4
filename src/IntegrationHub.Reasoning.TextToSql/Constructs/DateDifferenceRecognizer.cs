namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// The time between two date columns the question names ("days between borrowed and returned", "借出日期到归还日期相差几天",
/// "the shortest time from hire to termination"): per row when rows are asked for ("which", "list", top-N), else its
/// average (or the sum, maximum, minimum the question names), overall or per group.
/// </summary>
internal sealed class DateDifferenceRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (!DateDifferenceWord().IsMatch(p.Text) || DatePair(p) is not var (start, end)) return;
        var elapsed = p.Elapsed(start, end, p.Rest, start.Time == TimeFormat.Date || end.Time == TimeFormat.Date ? ElapsedUnit.Days : ElapsedUnit.Hours);
        var named = p.Model.Measures.Where(m => m.Sql.Contains(Col(start)) || m.Sql.Contains(Col(end))).ToList();
        if (p.Model.Measures.Count > named.Count || p.Model.Metrics.Count > 0) return;
        p.Model.Elapsed = elapsed;
        p.Model.Fact = start.Table;
        p.Model.NumericColumns.Clear();
        if (p.Model.TimeHint == start || p.Model.TimeHint == end) p.Model.TimeHint = null;
        var grouped = p.Model.Groups.Count > 0 || (p.Model.GroupEntity is { } g && g != start.Table);
        var perRow = !grouped && p.Words.Agg == Agg.None && !AggWord().IsMatch(p.Rest)
            && (p.Words.ListMode || p.Words.WhichWord.Success || p.Words.TopN is not null || p.Model.RowList);
        if (perRow)
        {
            p.Model.RowList = true;
            p.Model.GroupEntity = null;
            p.Model.Measures = [new Measure(elapsed.Sql, elapsed.Label, Aggregated: false)];
            p.Explain.Add(p.Zh ? $"每行的{elapsed.Label}" : $"{elapsed.Label} of each row");
            return;
        }
        var superlative = p.Words.Superlative.Success && !grouped && p.Words.TopN is null
            ? (Ascending().IsMatch(p.Words.Superlative.Value) ? Agg.Min : Agg.Max) : Agg.None;
        var agg = p.Words.Agg != Agg.None ? p.Words.Agg : superlative != Agg.None ? superlative : AggWord().IsMatch(p.Rest) ? Agg.Sum : Agg.Avg;
        p.Model.RowList = false;
        p.Model.Measures = [new Measure($"{AggName(agg)}({elapsed.Sql})", p.AggLabel(agg) + elapsed.Label)];
    }

    /// <summary>Two date columns of one table, named in the question: start and end, by name (created/closed) or by order.</summary>
    private static (ColumnModel Start, ColumnModel End)? DatePair(PlanContext p)
    {
        var dates = p.Tokens.Select(t => p.Resolved[t]).Where(t => t.Kind == TermKind.Column && t.Column!.Time is TimeFormat.Date or TimeFormat.DateTime)
            .Select(t => t.Column!).Distinct().ToList();
        if (dates.Count != 2 || dates[0].Table != dates[1].Table) return null;
        var (first, second) = (dates[0], dates[1]);
        return IsEnd(first) && !IsEnd(second) || IsStart(second) && !IsStart(first) ? (second, first) : (first, second);
    }

    private static bool IsStart(ColumnModel c) => StartWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head);

    private static bool IsEnd(ColumnModel c) => EndWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head);
}
