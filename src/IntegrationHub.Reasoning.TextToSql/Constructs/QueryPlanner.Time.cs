using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Time ranges, period comparisons (同比/环比) and time grains on the chosen date column.</summary>
internal sealed partial class QueryPlanner
{
    private void ChooseTimeColumn()
    {
        if (_time.Range is not null || _time.GroupBy is not null || _time.Comparison != TimeComparison.None || DayOfWeekDays() is not null)
        {
            _model.TimeColumn = _model.TimeHint is not null && (_model.TimeHint.Table == _model.Fact || ix.Reaches(_model.Fact, _model.TimeHint.Table)) ? _model.TimeHint : null;
            if (_model.TimeColumn is null && _model.Metrics.FirstOrDefault()?.TimeColumn is { } mtc) _model.TimeColumn = ColumnByName(mtc, _model.Fact);
            _model.TimeColumn ??= _model.Fact.DefaultTime ?? _model.TimeHint;
            _model.TimeColumn ??= _model.Candidates.Select(t => t.DefaultTime).FirstOrDefault(c => c is not null);
            if (_model.TimeColumn is null)
                throw new TextToSqlRefusal("text-to-sql.no-time-column", _zh
                    ? $"问题带有时间条件，但表 {_model.Fact.Name} 没有可用的时间字段。"
                    : $"The question has a time condition but table {_model.Fact.Name} has no date column.");
        }
    }

    private void TimeConditions()
    {
        var comparison = _time.Comparison;
        if (comparison != TimeComparison.None)
        {
            var current = _time.Range ?? LastMonth();
            if (current.EndExclusive > asOf.AddDays(1) || (comparison == TimeComparison.YearOverYear && current.EndExclusive > asOf && current.Start.Year == asOf.Year && current.EndExclusive.Year > asOf.Year))
            {
                var monthStart = new DateOnly(asOf.Year, asOf.Month, 1);
                if (monthStart > current.Start) current = current with { EndExclusive = monthStart };
            }
            var prior = comparison == TimeComparison.YearOverYear ? current.ShiftYears(-1) : current.Previous();
            var curCond = TimeCondition(_model.TimeColumn!, current);
            var prevCond = TimeCondition(_model.TimeColumn!, prior);
            AddCondition($"(({curCond}) OR ({prevCond}))");
            _model.Measures = _model.Measures.SelectMany(m =>
            {
                var cur = Conditional(m.Sql, curCond);
                var prev = Conditional(m.Sql, prevCond);
                var label = m.Label + (_zh ? (comparison == TimeComparison.YearOverYear ? "同比增长率" : "环比增长率") : (comparison == TimeComparison.YearOverYear ? "_yoy_growth" : "_growth"));
                return new[]
                {
                    new Measure($"(({cur}) - ({prev})) * 1.0 / NULLIF({prev}, 0)", label),
                    new Measure(cur, m.Label + (_zh ? "_本期" : "_current")),
                    new Measure(prev, m.Label + (_zh ? (comparison == TimeComparison.YearOverYear ? "_去年同期" : "_上期") : "_previous")),
                };
            }).ToList();
            _explain.Add(_zh ? $"对比 {Describe(current)} 与 {Describe(prior)}" : $"comparing {Describe(current)} with {Describe(prior)}");
        }
        else if (_time.Range is { } range)
        {
            AddCondition(TimeCondition(_model.TimeColumn!, range));
            _explain.Add(_zh ? $"时间 {Describe(range)}（{_model.TimeColumn!.Table.Name}.{_model.TimeColumn.Name}）" : $"time {Describe(range)} on {_model.TimeColumn!.Table.Name}.{_model.TimeColumn.Name}");
        }
        if (_time.GroupBy is { } grain)
            _model.Groups.Insert(0, new GroupItem(GrainExpression(_model.TimeColumn!, grain), grain.ToString().ToLowerInvariant(), IsTime: true));
    }

    /// <summary>"on weekends" / "周末", "on weekdays" / "工作日": the days of the week (0 = Sunday) the question keeps.</summary>
    private string? DayOfWeekDays() =>
        WeekendWord().IsMatch(_rest) ? "IN (0, 6)" : WeekdayWord().IsMatch(_rest) ? "NOT IN (0, 6)" : null;

    private void DayOfWeekCondition()
    {
        if (DayOfWeekDays() is not { } days || _model.TimeColumn is not { } column || column.Time == TimeFormat.Year || column.Time == TimeFormat.Month) return;
        AddCondition($"{WeekdayExpression(column)} {days}");
        _explain.Add(_zh ? (days.StartsWith("IN", StringComparison.Ordinal) ? "周末" : "工作日") : (days.StartsWith("IN", StringComparison.Ordinal) ? "weekends" : "weekdays"));
    }
}
