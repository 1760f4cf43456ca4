using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Comparisons with a number: row filters on a column, HAVING on an aggregate.</summary>
internal sealed partial class QueryPlanner
{
    /// <summary>The term right before each comparison is what it compares.</summary>
    private void ComparisonSubjects()
    {
        foreach (var c in _comparisons)
            c.Subject = _tokens.LastOrDefault(t => t.End <= c.Index && Gap(t.End, c.Index).Trim().Trim('的', '在', '为', '是', '达', '都').Length == 0);
    }

    /// <summary>A metric compared with a number and nothing to group by filters rows: "评分低于3分的回访有多少".</summary>
    private void MetricComparisons()
    {
        foreach (var c in _comparisons)
        {
            if (c.CountUnit || c.Subject is null || _resolved[c.Subject].Metric is not { } cm || _model.Groups.Count > 0 || _model.GroupEntity is not null) continue;
            if (_model.ExplicitTables.Any(e => e.Table != ix.Table(cm.Table))) continue;
            if (MetricColumn().Match(cm.Expression) is not { Success: true } mc || ix.Table(mc.Groups["t"].Value)?.Column(mc.Groups["c"].Value) is not { } column) continue;
            _model.Metrics.Remove(cm);
            c.Subject = new Token(c.Subject.Start, c.Subject.Length, c.Subject.Text, [new Target(TermKind.Column, column.Table, column)]);
            _resolved[c.Subject] = c.Subject.First;
        }
    }

    private void Having()
    {
        foreach (var c in _comparisons)
        {
            var subjectTarget = c.Subject is null ? null : _resolved[c.Subject];
            if (!c.CountUnit && subjectTarget?.Column is { } sc)
            {
                AddCondition($"{Col(sc)} {c.Op} {Param(c.Value)}");
                continue;
            }
            var aggregate = !c.CountUnit && subjectTarget?.Kind == TermKind.Metric
                ? _model.Measures.FirstOrDefault(m => m.Aggregated)?.Sql ?? "COUNT(*)"
                : _model.Measures.FirstOrDefault(m => m.IsCount)?.Sql ?? "COUNT(*)";
            if (!_model.Measures.Any(m => m.Sql == aggregate)) _model.Measures.Add(new Measure(aggregate, _zh ? "数量" : "count", IsCount: true));
            _model.Having = $"{aggregate} {c.Op} {Param(c.Value)}";
            if (_model.Groups.Count == 0 && _model.GroupEntity is null)
            {
                var entity = _model.ExplicitTables.LastOrDefault(e => e.Table != _model.Fact);
                if (entity.Table is not null)
                {
                    _model.GroupEntity = entity.Table;
                    _model.CountGroups = IsCounted(entity.Token);
                }
            }
        }
    }
}
