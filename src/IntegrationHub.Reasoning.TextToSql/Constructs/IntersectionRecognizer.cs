namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// "Members who borrowed both novels and history books", "同时借过小说和历史类图书的读者": the entities with rows for each of
/// two values of one column, as one group per entity whose rows hold both values (HAVING COUNT(DISTINCT column) = 2);
/// "how many …" counts those entities. Without an entity apart from the values' table it is not composed (and refused).
/// </summary>
internal sealed class IntersectionRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (!IntersectionWord().IsMatch(p.Text) || p.Comparisons.Count > 0 || p.Model.Metrics.Count > 0) return;
        var pair = p.Model.ValueFilters.GroupBy(v => v.Column).Where(g => g.Select(v => v.Value).Distinct().Count() == 2).ToList();
        if (pair is not [var values]) return;
        var column = values.Key;
        var entity = p.Model.GroupEntity ?? p.Model.ExplicitTables.Select(e => e.Table).FirstOrDefault(t => t != column.Table);
        if (entity is null || entity == column.Table || entity.Key is null || p.Index.Path(column.Table, entity) is null) return;
        var both = values.Select(v => v.Value).Distinct().ToList();
        p.Model.ValueFilters.RemoveAll(v => v.Column == column);
        p.AddCondition($"{Col(column)} IN ({string.Join(", ", both.Select(p.Param))})");
        p.Tables.Add(column.Table);
        p.Model.Intersection = true;
        p.Model.GroupEntity = entity;
        p.Model.Having = $"COUNT(DISTINCT {Col(column)}) = 2";
        p.Model.RowList = false;
        p.Model.CountGroups = p.Words.CountWord;
        p.Model.Measures.Clear();
        p.Explain.Add(p.Zh ? $"同时有 {both[0]} 和 {both[1]} 的 {entity.Name}" : $"{entity.Name} with both {both[0]} and {both[1]}");
    }
}
