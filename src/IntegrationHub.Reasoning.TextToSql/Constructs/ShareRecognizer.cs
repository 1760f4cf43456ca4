namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Shares: "居民用户占比", "各渠道缴费金额占比", "what share of …".</summary>
internal sealed class ShareRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (ShareWord().IsMatch(p.Rest) && !p.Model.RowList && p.Model.Measures.Count > 0 && p.Comparisons.Count == 0)
        {
            var m = p.Model.Measures[0];
            var inner = OuterSum().Match(m.Sql);
            if (p.Model.Groups.Count > 0 || p.Model.GroupEntity is not null)
            {
                p.Model.Measures.Insert(0, new Measure($"{m.Sql} * 1.0 / SUM({m.Sql}) OVER ()", (p.Zh ? "占比" : "share")));
            }
            else if (p.Model.ValueFilters.Count > 0 && (m.IsCount || inner.Success))
            {
                var (col, value) = p.Model.ValueFilters[^1];
                p.Model.ValueFilters.RemoveAt(p.Model.ValueFilters.Count - 1);
                var valueParam = p.Param(value);
                var sql = m.IsCount
                    ? $"1.0 * SUM(CASE WHEN {Col(col)} = {valueParam} THEN 1 ELSE 0 END) / COUNT(*)"
                    : $"SUM(CASE WHEN {Col(col)} = {valueParam} THEN {inner.Groups[1].Value} ELSE 0 END) * 1.0 / SUM({inner.Groups[1].Value})";
                p.Model.Measures = [new Measure(sql, (p.Zh ? "占比" : "share"))];
                p.Tables.Add(col.Table);
            }
        }
    }
}
