using System.Globalization;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"when was the latest outage" (MAX of the date) and "how many days since the last X" (days to the as-of date).</summary>
internal sealed class LatestTimeRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Model.Measures.Count == 0 && SinceLatestWord().IsMatch(p.Text)
            && (p.Model.TimeHint?.Table == p.Model.Fact ? p.Model.TimeHint : p.Model.Fact.DefaultTime) is { } sinceColumn
            && sinceColumn.Time is TimeFormat.Date or TimeFormat.DateTime)
        {
            p.Model.Measures.Add(DaysSinceLatest(p, sinceColumn));
            return;
        }
        if (p.Model.Measures.Count == 0 && LatestWord().Match(p.Rest) is { Success: true } latest && WhenWord().IsMatch(p.Rest)
            && (p.Model.TimeHint?.Table == p.Model.Fact ? p.Model.TimeHint : p.Model.Fact.DefaultTime) is { } whenColumn)
        {
            var earliest = latest.Value.Contains('早') || latest.Value.Contains("first") || latest.Value.Contains("earliest");
            p.Model.Measures.Add(new Measure($"{(earliest ? "MIN" : "MAX")}({Col(whenColumn)})", (earliest ? (p.Zh ? "最早" : "earliest_") : (p.Zh ? "最近" : "latest_")) + (whenColumn.Head ?? whenColumn.Name)));
        }
    }

    /// <summary>"how many days since the latest outage" / "距最近一次停电多少天": whole days from the latest date to the as-of date.</summary>
    private static Measure DaysSinceLatest(PlanContext p, ColumnModel column)
    {
        var asOfDate = p.Param(p.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var label = p.Zh ? "距今天数" : "days_since_latest";
        // PostgreSQL: date minus date is whole calendar days.
        if (p.Index.IsPostgres) return new Measure($"CAST({asOfDate} AS date) - CAST(MAX({Col(column)}) AS date)", label);
        var days = PortableSql.Elapsed(ElapsedUnit.Days, $"MAX({Col(column)})", asOfDate, p.Index.Catalog.Dialect);
        return new Measure($"CAST(FLOOR({days}) AS INTEGER)", label);
    }
}
