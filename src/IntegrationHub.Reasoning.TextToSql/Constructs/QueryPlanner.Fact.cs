using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The fact table and the links that narrow it.</summary>
internal sealed partial class QueryPlanner
{
    /// <summary>The metric's table, else the measured column's, else the mentioned table that reaches all the others.</summary>
    private void ChooseFact()
    {
        _model.Candidates.AddRange(_model.Metrics.Select(m => ix.Table(m.Table)!));
        _model.Candidates.AddRange(_model.NumericColumns.Select(n => n.Column.Table));
        _model.Candidates.AddRange(_model.ValueFilters.Concat(_model.Negated).Select(v => v.Column.Table));
        _model.Candidates.AddRange(_model.Filters.Select(f => ix.Table(f.Table)!));
        _model.Candidates.AddRange(_model.Booleans.Select(b => b.Column.Table));
        _model.Candidates.AddRange(_comparisons.Where(c => c.Subject is not null && _resolved[c.Subject].Column is { }).Select(c => _resolved[c.Subject!].Table));
        _model.Candidates.AddRange(_model.Mentioned);
        _model.Candidates.AddRange(_model.Groups.SelectMany(g => TablesIn(g.Sql)));
        _model.Candidates.AddRange(_model.Outputs.Select(o => o.Table));
        if (_model.GroupEntity is not null) _model.Candidates.Add(_model.GroupEntity);
        // A time word ("新增", "created") names the table only when nothing else does.
        if (_model.TimeHint is not null && (_model.Candidates.Count == 0 || _model.Candidates.Contains(_model.TimeHint.Table))) _model.Candidates.Add(_model.TimeHint.Table);
        _model.Candidates = _model.Candidates.Distinct().ToList();
        if (_model.Candidates.Count == 0)
            throw new TextToSqlRefusal("text-to-sql.unlinked", _zh ? "无法确定问题针对哪张表。" : "Could not tell which table the question is about.");

        if (_model.Metrics.Count > 0) _model.Fact = ix.Table(_model.Metrics[0].Table)!;
        else if (_model.NumericColumns.Count > 0 && !(_words.ListMode && !_words.CountWord && _words.Agg == Agg.None && _words.TopN is null && !_words.Superlative.Success && !AggWord().IsMatch(_rest)))
            _model.Fact = _model.NumericColumns[0].Column.Table;
        else _model.Fact = MostSpecific(_model.Candidates, _model.ExplicitTables.Select(e => e.Table).ToList());
    }

    /// <summary>"authors not part of any organization" / "没有所属线路的车站": the link to that table is empty.</summary>
    private void NegatedLinks()
    {
        foreach (var (token, table) in _model.ExplicitTables.ToList())
        {
            if (!BooleanNegation().IsMatch(_text[Math.Max(0, token.Start - 24)..token.Start])) continue;
            var holder = _model.ExplicitTables.Select(e => e.Table).Append(_model.GroupEntity).Append(_model.TopTargetTable).OfType<TableModel>()
                .FirstOrDefault(t => t != table && t.Links.Any(l => l.Parent == table));
            if (holder is null) continue;
            AddCondition($"{Col(holder.Links.First(l => l.Parent == table).Column)} IS NULL");
            _model.ExplicitTables.RemoveAll(e => e.Token == token);
            _model.Mentioned.Remove(table);
        }
    }
}
