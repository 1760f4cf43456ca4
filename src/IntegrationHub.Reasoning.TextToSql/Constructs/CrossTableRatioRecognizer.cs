namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// "The ratio of books to members", "图书与读者数量之比": the ratio of the row counts of two tables, each counted on its
/// own (a scalar sub-query per table, with the conditions that name only that table), not over their join.
/// </summary>
internal sealed class CrossTableRatioRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (!RatioWord().IsMatch(p.Rest) || p.Model.RowList || p.Model.Groups.Count > 0 || p.Model.GroupEntity is not null) return;
        if (p.Model.Measures is not [{ IsCount: true }]) return;
        var tables = p.Model.ExplicitTables.Select(e => e.Table).Distinct().ToList();
        if (tables.Count != 2) return;
        var conditions = tables.ToDictionary(t => t, _ => new List<string>());
        foreach (var condition in p.Conditions)
        {
            var named = p.TablesIn(condition).Distinct().ToList();
            if (named is not [var only] || !conditions.TryGetValue(only, out var list)) return;
            list.Add(condition);
        }
        string Count(TableModel t) =>
            $"(SELECT COUNT(*) FROM {Q(t.Name)}{(conditions[t].Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions[t]))})";
        var (top, bottom) = (Count(tables[0]), Count(tables[1]));
        p.Conditions.Clear();
        p.Model.Standalone = true;
        p.Model.Measures =
        [
            new Measure($"{top} * 1.0 / NULLIF({bottom}, 0)", p.Zh ? "比值" : "ratio"),
            new Measure(top, p.Zh ? $"{tables[0].Name}数量" : $"{tables[0].Name}_count", IsCount: true),
            new Measure(bottom, p.Zh ? $"{tables[1].Name}数量" : $"{tables[1].Name}_count", IsCount: true),
        ];
        p.Explain.Add(p.Zh ? $"{tables[0].Name} 与 {tables[1].Name} 的行数之比" : $"ratio of the number of {tables[0].Name} rows to {tables[1].Name} rows");
    }
}
