using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Row conditions from filters, booleans, values and negated values.</summary>
internal sealed partial class QueryPlanner
{
    private void Filters()
    {
        foreach (var f in _model.Filters) AddCondition(f.Condition);
        foreach (var (col, value) in _model.Booleans.Distinct()) AddCondition(BooleanCondition(col, value));
        foreach (var byColumn in _model.ValueFilters.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            var col = byColumn.Key;
            if (values.Count == 1) AddCondition($"{Col(col)} = {Param(values[0])}");
            else AddCondition($"{Col(col)} IN ({string.Join(", ", values.Select(Param))})");
        }
        foreach (var byColumn in _model.Negated.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            AddCondition($"{Col(byColumn.Key)} NOT IN ({string.Join(", ", values.Select(Param))})");
        }
    }
}
