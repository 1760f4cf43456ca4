using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>What is computed: metrics, sums and averages of number columns, durations, counts.</summary>
internal sealed partial class QueryPlanner
{
    /// <summary>"what are the names and areas of the lakes": numbers asked for are listed, not summed.</summary>
    private void ListedNumbers()
    {
        var plainList = _words.ListMode && !_words.CountWord && _words.Agg == Agg.None && _words.TopN is null && !_words.Superlative.Success && _model.Metrics.Count == 0
            && !AggWord().IsMatch(_rest) && !ShareWord().IsMatch(_rest);
        if (plainList)
        {
            _model.Outputs.AddRange(_model.NumericColumns.Select(n => n.Column));
            _model.NumericColumns.Clear();
        }
    }

    /// <summary>"处理时长": a fragment of "处理费用" before a duration word is about the duration, not the amount.</summary>
    private void DurationFragments()
    {
        _model.NumericColumns.RemoveAll(n => _resolved[n.Token].Derived && DurationWord().IsMatch(Gap(n.Token.End, Math.Min(_text.Length, n.Token.End + 2))));
    }

    private void AggregateMeasures()
    {
        var superAgg = _words.Superlative.Success && _model.TopTarget is null && _model.Groups.Count == 0 && _model.GroupEntity is null && _words.TopN is null
            ? (Ascending().IsMatch(_words.Superlative.Value) ? Agg.Min : Agg.Max) : Agg.None;
        var wantAgg = _words.Agg != Agg.None ? _words.Agg : superAgg;
        var sumWanted = AggWord().IsMatch(_rest);
        foreach (var m in _model.Metrics)
        {
            var parts = SplitTopLevel(m.Expression);
            for (var i = 0; i < parts.Count; i++)
            {
                var a = wantAgg != Agg.None ? wantAgg : sumWanted && OuterAggregate().Match(parts[i]) is { Success: true } om && om.Groups[1].Value.Equals("AVG", StringComparison.OrdinalIgnoreCase) ? Agg.Sum : Agg.None;
                var sql = a != Agg.None ? ReplaceOuterAggregate(parts[i], a) : parts[i];
                _model.Measures.Add(new Measure(sql, MetricLabel(m, a) + (parts.Count > 1 ? "_" + (i + 1).ToString(CultureInfo.InvariantCulture) : "")));
            }
            if (!string.IsNullOrWhiteSpace(m.Filter)) AddCondition(m.Filter!);
        }
        foreach (var (token, col) in _model.NumericColumns)
        {
            if (_model.Metrics.Count > 0 && col.Table != _model.Fact) continue;
            var a = wantAgg != Agg.None ? wantAgg : Agg.Sum;
            _model.Measures.Add(new Measure($"{AggName(a)}({Col(col)})", $"{AggLabel(a)}{(col.Head ?? col.Name)}", col));
        }
        _model.Measures = _model.Measures.DistinctBy(m => m.Sql).ToList();
        if (_model.Measures.Count == 0 && DurationWord().IsMatch(_rest) && !SinceLatestWord().IsMatch(_text) && DurationOf(_model.Fact, _rest) is { } duration)
        {
            var a = wantAgg != Agg.None ? wantAgg : sumWanted ? Agg.Sum : Agg.Avg;
            _model.Measures.Add(new Measure($"{AggName(a)}({duration.Sql})", AggLabel(a) + duration.Label));
        }
    }

    /// <summary>"最近一次停电的时间" / "when was the latest outage": the latest (earliest) time.</summary>
    private void LatestTime()
    {
        if (_model.Measures.Count == 0 && SinceLatestWord().IsMatch(_text)
            && (_model.TimeHint?.Table == _model.Fact ? _model.TimeHint : _model.Fact.DefaultTime) is { } sinceColumn
            && sinceColumn.Time is TimeFormat.Date or TimeFormat.DateTime)
        {
            _model.Measures.Add(DaysSinceLatest(sinceColumn));
            return;
        }
        if (_model.Measures.Count == 0 && LatestWord().Match(_rest) is { Success: true } latest && WhenWord().IsMatch(_rest)
            && (_model.TimeHint?.Table == _model.Fact ? _model.TimeHint : _model.Fact.DefaultTime) is { } whenColumn)
        {
            var earliest = latest.Value.Contains('早') || latest.Value.Contains("first") || latest.Value.Contains("earliest");
            _model.Measures.Add(new Measure($"{(earliest ? "MIN" : "MAX")}({Col(whenColumn)})", (earliest ? (_zh ? "最早" : "earliest_") : (_zh ? "最近" : "latest_")) + (whenColumn.Head ?? whenColumn.Name)));
        }
    }

    /// <summary>"逾期未缴电费的客户有多少户": the entity counted after the amounts that describe it.</summary>
    private void CountedEntity()
    {
        if (_words.CountWord && _model.Measures.Count > 0 && _comparisons.Count == 0 && _model.Groups.Count == 0 && _model.GroupEntity is null
            && CountSubject(_model.ExplicitTables, _model.Fact) is { } counted && counted != _model.Fact && counted.Key is not null
            && _model.ExplicitTables.First(e => e.Table == counted).Token.Start > _tokens.Where(t => _resolved[t].Kind is TermKind.Metric || (_resolved[t].Column?.IsNumeric ?? false)).Select(t => t.Start).DefaultIfEmpty(int.MaxValue).Max())
        {
            _model.Measures = [new Measure($"COUNT(DISTINCT {Col(counted.Key!)})", _zh ? "数量" : "count", IsCount: true)];
            _tables.Add(counted);
        }
    }

    /// <summary>Nothing measured and no list: count rows, or the distinct entity asked about.</summary>
    private void CountMeasure()
    {
        if (_model.Measures.Count == 0 && !_model.RowList)
        {
            var subject = _comparisons.Any(c => c.CountUnit) ? null : CountSubject(_model.ExplicitTables, _model.Fact);
            var countSql = _model.CountDistinct is { } cd ? $"COUNT(DISTINCT {cd.Sql})"
                : subject is not null && subject != _model.Fact && subject.Key is not null
                ? $"COUNT(DISTINCT {Col(subject.Key!)})" : "COUNT(*)";
            if (subject is not null && subject != _model.Fact) _tables.Add(subject);
            _model.Measures.Add(new Measure(countSql, _zh ? "数量" : "count", IsCount: true));
        }
    }

    /// <summary>"how many days since the latest outage" / "距最近一次停电多少天": whole days from the latest date to the as-of date.</summary>
    private Measure DaysSinceLatest(ColumnModel column)
    {
        var asOfDate = Param(asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var label = _zh ? "距今天数" : "days_since_latest";
        // PostgreSQL: date minus date is whole calendar days.
        if (ix.IsPostgres) return new Measure($"CAST({asOfDate} AS date) - CAST(MAX({Col(column)}) AS date)", label);
        var days = PortableSql.Elapsed(ElapsedUnit.Days, $"MAX({Col(column)})", asOfDate, ix.Catalog.Dialect);
        return new Measure($"CAST(FLOOR({days}) AS INTEGER)", label);
    }
}
