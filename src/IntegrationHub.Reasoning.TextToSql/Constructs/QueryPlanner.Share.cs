using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Shares: "居民用户占比", "各渠道缴费金额占比".</summary>
internal sealed partial class QueryPlanner
{
    private void Shares()
    {
        if (ShareWord().IsMatch(_rest) && !_model.RowList && _model.Measures.Count > 0 && _comparisons.Count == 0)
        {
            var m = _model.Measures[0];
            var inner = OuterSum().Match(m.Sql);
            if (_model.Groups.Count > 0 || _model.GroupEntity is not null)
            {
                _model.Measures.Insert(0, new Measure($"{m.Sql} * 1.0 / SUM({m.Sql}) OVER ()", (_zh ? "占比" : "share")));
            }
            else if (_model.ValueFilters.Count > 0 && (m.IsCount || inner.Success))
            {
                var (col, value) = _model.ValueFilters[^1];
                _model.ValueFilters.RemoveAt(_model.ValueFilters.Count - 1);
                var p = Param(value);
                var sql = m.IsCount
                    ? $"1.0 * SUM(CASE WHEN {Col(col)} = {p} THEN 1 ELSE 0 END) / COUNT(*)"
                    : $"SUM(CASE WHEN {Col(col)} = {p} THEN {inner.Groups[1].Value} ELSE 0 END) * 1.0 / SUM({inner.Groups[1].Value})";
                _model.Measures = [new Measure(sql, (_zh ? "占比" : "share"))];
                _tables.Add(col.Table);
            }
        }
    }
}
