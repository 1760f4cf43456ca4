using System.Globalization;
using System.Text;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The query model as SQL text, with its explanation.</summary>
internal sealed class SqlRenderer(PlanContext p)
{
    public TranslationResult Render()
    {
        if (p.Model.Standalone) return RenderStandalone();
        p.Tables.Add(p.Model.Fact);
        foreach (var m in p.Model.Measures) foreach (var t in p.TablesIn(m.Sql)) p.Tables.Add(t);
        foreach (var g in p.Model.Groups) foreach (var t in p.TablesIn(g.Sql)) p.Tables.Add(t);
        foreach (var c in p.Conditions) foreach (var t in p.TablesIn(c)) p.Tables.Add(t);
        foreach (var o in p.Model.Outputs) p.Tables.Add(o.Table);
        var from = p.BuildFrom(p.Model.Fact);
        var select = p.Model.RowList ? RowListSelect(ref from) : GroupedSelect();
        var sb = new StringBuilder("SELECT ");
        sb.Append(string.Join(", ", select)).Append(" FROM ").Append(from);
        if (p.Conditions.Count > 0) sb.Append(" WHERE ").Append(string.Join(" AND ", p.Conditions));
        if (!p.Model.RowList && p.Model.Groups.Count > 0) sb.Append(" GROUP BY ").Append(string.Join(", ", p.Model.Groups.Select(g => g.Sql)));
        if (p.Model.Having is not null && !p.Model.RowList && p.Model.Groups.Count > 0) sb.Append(" HAVING ").Append(p.Model.Having);
        AppendOrder(sb);
        CountPassingGroups(sb);
        if (p.Model.Groups.Count > 0 && !p.Model.RowList) p.Explain.Insert(0, (p.Zh ? "按 " : "by ") + string.Join(", ", p.Model.Groups.Select(g => g.Label)));
        p.Explain.Insert(0, p.Model.RowList
            ? (p.Zh ? $"列出 {p.Model.Fact.Name} 中符合条件的记录" : $"rows of {p.Model.Fact.Name}")
            : (p.Zh ? "计算 " : "computing ") + string.Join(", ", p.Model.Measures.Select(m => m.Label)) + (p.Zh ? $"（主表 {p.Model.Fact.Name}）" : $" over {p.Model.Fact.Name}"));
        if (p.Words.Limit is not null) p.Explain.Add(p.Zh ? $"取前 {p.Words.Limit}" : $"top {p.Words.Limit}");
        return new TranslationResult(sb.ToString(), string.Join(p.Zh ? "；" : "; ", p.Explain), p.Params);
    }

    /// <summary>Measures that are scalar sub-queries of their own: one row, no FROM.</summary>
    private TranslationResult RenderStandalone()
    {
        var sql = "SELECT " + string.Join(", ", p.Model.Measures.Select(m => $"{m.Sql} AS {Alias(m.Label)}"));
        return new TranslationResult(sql, string.Join(p.Zh ? "；" : "; ", p.Explain), p.Params);
    }

    /// <summary>The asked-for columns of each row, with the row's name; the entity's key and name when none are asked.</summary>
    private List<string> RowListSelect(ref string from)
    {
        var select = new List<string>();
        var cols = p.Model.Outputs.Distinct().ToList();
        // Asked-for columns come with the name of the row they describe ("the areas of the lakes" → lake name, area).
        if (cols.Count > 0 && cols.All(c => c.Table == p.Model.Fact && c != p.Model.Fact.Display) && p.Model.Fact.Display is { } rowName) cols.Insert(0, rowName);
        if (cols.Count == 0)
        {
            var entity = p.Model.ExplicitTables.Select(e => e.Table).FirstOrDefault() ?? p.Model.Fact;
            if (entity.Key is { } pk) cols.Add(pk);
            if (entity.Display is { } d) cols.Add(d);
            else
            {
                if (entity.Category is { } kind) cols.Add(kind);
                if (entity.DefaultTime is { } when) cols.Add(when);
            }
            if (cols.Count == 0) cols.AddRange(entity.Columns.Take(4));
            foreach (var c in cols) p.Tables.Add(c.Table);
            from = p.BuildFrom(p.Model.Fact);
        }
        select.AddRange(cols.Select(Col));
        select.AddRange(p.Model.Measures.Where(m => m.Column is not null && !cols.Contains(m.Column)).Select(m => Col(m.Column!)));
        select.AddRange(p.Model.Measures.Where(m => m.Column is null && !m.Aggregated).Select(m => $"{m.Sql} AS {Alias(m.Label)}"));
        return select;
    }

    private List<string> GroupedSelect()
    {
        var select = new List<string>();
        select.AddRange(p.Model.Groups.Select(g => g.IsTime || g.Column is null ? $"{g.Sql} AS {Alias(g.Label)}" : g.Sql));
        foreach (var o in p.Model.Outputs.Where(o => p.Model.Groups.Count > 0 && !p.Model.Groups.Any(g => g.Column == o)))
        {
            select.Add(Col(o));
            p.Model.Groups.Add(new GroupItem(Col(o), o.Name, Column: o));
        }
        select.AddRange(p.Model.Measures.Select(m => $"{m.Sql} AS {Alias(m.Label)}"));
        return select;
    }

    private void AppendOrder(StringBuilder sb)
    {
        var primary = p.Model.Measures.FirstOrDefault();
        if (p.Model.RowList)
        {
            if (primary is { Column: not null } or { Aggregated: false } && p.Model.Descending is not null)
                sb.Append(" ORDER BY ").Append(primary.Column is { } oc ? Col(oc) : Alias(primary.Label)).Append(p.Model.Descending.Value ? " DESC" : " ASC");
            // "ordered from longest to shortest" without a number asks for the ranking, not the first row.
            var n = p.Words.Limit ?? (p.Words.Superlative.Success && p.Model.Descending is not null && !p.Words.ExplicitOrder ? 1 : null);
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }
        else if (p.Model.Groups.Count > 0 && primary is not null)
        {
            var timeGroup = p.Model.Groups.FirstOrDefault(g => g.IsTime);
            var n = p.Words.Limit ?? ((p.Words.Superlative.Success || p.Words.WhichWord.Success) && p.Model.Descending is not null && p.Model.TopTarget is not null ? 1 : null);
            if (timeGroup is not null && n is null && !p.Words.ExplicitOrder) sb.Append(" ORDER BY ").Append(Alias(timeGroup.Label));
            else sb.Append(" ORDER BY ").Append(Alias(primary.Label)).Append(p.Model.Descending == false ? " ASC" : " DESC");
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void CountPassingGroups(StringBuilder sb)
    {
        if (p.Model.CountGroups && p.Model.Having is not null && !p.Model.RowList)
        {
            // "用电量超过100万千瓦时的客户有多少个": count the groups that pass.
            var inner = sb.ToString();
            var orderAt = inner.IndexOf(" ORDER BY ", StringComparison.Ordinal);
            if (orderAt > 0) inner = inner[..orderAt];
            sb.Clear().Append("SELECT COUNT(*) AS ").Append(Alias(p.Zh ? "数量" : "count")).Append(" FROM (").Append(inner).Append(") AS t");
            p.Explain.Add(p.Zh ? "统计满足条件的分组个数" : "counting the groups that pass");
        }
    }
}
