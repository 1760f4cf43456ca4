using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The query model as SQL text, with its explanation.</summary>
internal sealed partial class QueryPlanner
{
    private TranslationResult Render()
    {
        _tables.Add(_model.Fact);
        foreach (var m in _model.Measures) foreach (var t in TablesIn(m.Sql)) _tables.Add(t);
        foreach (var g in _model.Groups) foreach (var t in TablesIn(g.Sql)) _tables.Add(t);
        foreach (var c in _conditions) foreach (var t in TablesIn(c)) _tables.Add(t);
        foreach (var o in _model.Outputs) _tables.Add(o.Table);
        var from = BuildFrom(_model.Fact);
        var select = _model.RowList ? RowListSelect(ref from) : GroupedSelect();
        var sb = new StringBuilder("SELECT ");
        sb.Append(string.Join(", ", select)).Append(" FROM ").Append(from);
        if (_conditions.Count > 0) sb.Append(" WHERE ").Append(string.Join(" AND ", _conditions));
        if (!_model.RowList && _model.Groups.Count > 0) sb.Append(" GROUP BY ").Append(string.Join(", ", _model.Groups.Select(g => g.Sql)));
        if (_model.Having is not null && !_model.RowList && _model.Groups.Count > 0) sb.Append(" HAVING ").Append(_model.Having);
        AppendOrder(sb);
        CountPassingGroups(sb);
        if (_model.Groups.Count > 0 && !_model.RowList) _explain.Insert(0, (_zh ? "按 " : "by ") + string.Join(", ", _model.Groups.Select(g => g.Label)));
        _explain.Insert(0, _model.RowList
            ? (_zh ? $"列出 {_model.Fact.Name} 中符合条件的记录" : $"rows of {_model.Fact.Name}")
            : (_zh ? "计算 " : "computing ") + string.Join(", ", _model.Measures.Select(m => m.Label)) + (_zh ? $"（主表 {_model.Fact.Name}）" : $" over {_model.Fact.Name}"));
        if (_words.Limit is not null) _explain.Add(_zh ? $"取前 {_words.Limit}" : $"top {_words.Limit}");
        return new TranslationResult(sb.ToString(), string.Join(_zh ? "；" : "; ", _explain), _params);
    }

    /// <summary>The asked-for columns of each row, with the row's name; the entity's key and name when none are asked.</summary>
    private List<string> RowListSelect(ref string from)
    {
        var select = new List<string>();
        var cols = _model.Outputs.Distinct().ToList();
        // Asked-for columns come with the name of the row they describe ("the areas of the lakes" → lake name, area).
        if (cols.Count > 0 && cols.All(c => c.Table == _model.Fact && c != _model.Fact.Display) && _model.Fact.Display is { } rowName) cols.Insert(0, rowName);
        if (cols.Count == 0)
        {
            var entity = _model.ExplicitTables.Select(e => e.Table).FirstOrDefault() ?? _model.Fact;
            if (entity.Key is { } pk) cols.Add(pk);
            if (entity.Display is { } d) cols.Add(d);
            else
            {
                if (entity.Category is { } kind) cols.Add(kind);
                if (entity.DefaultTime is { } when) cols.Add(when);
            }
            if (cols.Count == 0) cols.AddRange(entity.Columns.Take(4));
            foreach (var c in cols) _tables.Add(c.Table);
            from = BuildFrom(_model.Fact);
        }
        select.AddRange(cols.Select(Col));
        select.AddRange(_model.Measures.Where(m => m.Column is not null && !cols.Contains(m.Column)).Select(m => Col(m.Column!)));
        return select;
    }

    private List<string> GroupedSelect()
    {
        var select = new List<string>();
        select.AddRange(_model.Groups.Select(g => g.IsTime || g.Column is null ? $"{g.Sql} AS {Alias(g.Label)}" : g.Sql));
        foreach (var o in _model.Outputs.Where(o => _model.Groups.Count > 0 && !_model.Groups.Any(g => g.Column == o)))
        {
            select.Add(Col(o));
            _model.Groups.Add(new GroupItem(Col(o), o.Name, Column: o));
        }
        select.AddRange(_model.Measures.Select(m => $"{m.Sql} AS {Alias(m.Label)}"));
        return select;
    }

    private void AppendOrder(StringBuilder sb)
    {
        var primary = _model.Measures.FirstOrDefault();
        if (_model.RowList)
        {
            if (primary?.Column is not null && _model.Descending is not null)
                sb.Append(" ORDER BY ").Append(Col(primary.Column)).Append(_model.Descending.Value ? " DESC" : " ASC");
            // "ordered from longest to shortest" without a number asks for the ranking, not the first row.
            var n = _words.Limit ?? (_words.Superlative.Success && _model.Descending is not null && !_words.ExplicitOrder ? 1 : null);
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }
        else if (_model.Groups.Count > 0 && primary is not null)
        {
            var timeGroup = _model.Groups.FirstOrDefault(g => g.IsTime);
            var n = _words.Limit ?? ((_words.Superlative.Success || _words.WhichWord.Success) && _model.Descending is not null && _model.TopTarget is not null ? 1 : null);
            if (timeGroup is not null && n is null && !_words.ExplicitOrder) sb.Append(" ORDER BY ").Append(Alias(timeGroup.Label));
            else sb.Append(" ORDER BY ").Append(Alias(primary.Label)).Append(_model.Descending == false ? " ASC" : " DESC");
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void CountPassingGroups(StringBuilder sb)
    {
        if (_model.CountGroups && _model.Having is not null && !_model.RowList)
        {
            // "用电量超过100万千瓦时的客户有多少个": count the groups that pass.
            var inner = sb.ToString();
            var orderAt = inner.IndexOf(" ORDER BY ", StringComparison.Ordinal);
            if (orderAt > 0) inner = inner[..orderAt];
            sb.Clear().Append("SELECT COUNT(*) AS ").Append(Alias(_zh ? "数量" : "count")).Append(" FROM (").Append(inner).Append(") AS t");
            _explain.Add(_zh ? "统计满足条件的分组个数" : "counting the groups that pass");
        }
    }
}
