namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The date column a time phrase applies to.</summary>
internal sealed class TimeColumnRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Time.Range is not null || p.Time.GroupBy is not null || p.Time.Comparison != TimeComparison.None || p.DayOfWeekDays() is not null)
        {
            p.Model.TimeColumn = p.Model.TimeHint is not null && (p.Model.TimeHint.Table == p.Model.Fact || p.Index.Reaches(p.Model.Fact, p.Model.TimeHint.Table)) ? p.Model.TimeHint : null;
            if (p.Model.TimeColumn is null && p.Model.Metrics.FirstOrDefault()?.TimeColumn is { } mtc) p.Model.TimeColumn = p.ColumnByName(mtc, p.Model.Fact);
            p.Model.TimeColumn ??= p.Model.Fact.DefaultTime ?? p.Model.TimeHint;
            p.Model.TimeColumn ??= p.Model.Candidates.Select(t => t.DefaultTime).FirstOrDefault(c => c is not null);
            if (p.Model.TimeColumn is null)
                throw new TextToSqlRefusal("text-to-sql.no-time-column", p.Zh
                    ? $"问题带有时间条件，但表 {p.Model.Fact.Name} 没有可用的时间字段。"
                    : $"The question has a time condition but table {p.Model.Fact.Name} has no date column.");
        }
    }
}
