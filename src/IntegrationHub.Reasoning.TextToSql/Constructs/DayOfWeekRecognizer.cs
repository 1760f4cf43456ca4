namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"on weekends" / "周末", "on weekdays" / "工作日": those days of the date column.</summary>
internal sealed class DayOfWeekRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.DayOfWeekDays() is not { } days || p.Model.TimeColumn is not { } column || column.Time == TimeFormat.Year || column.Time == TimeFormat.Month) return;
        p.AddCondition($"{p.WeekdayExpression(column)} {days}");
        p.Explain.Add(p.Zh ? (days.StartsWith("IN", StringComparison.Ordinal) ? "周末" : "工作日") : (days.StartsWith("IN", StringComparison.Ordinal) ? "weekends" : "weekdays"));
    }
}
