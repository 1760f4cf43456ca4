namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Row conditions from the layer's filters, boolean columns, values and negated values.</summary>
internal sealed class ValueFilterRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        foreach (var f in p.Model.Filters) p.AddCondition(f.Condition);
        foreach (var (col, value) in p.Model.Booleans.Distinct()) p.AddCondition(BooleanCondition(col, value));
        foreach (var byColumn in p.Model.ValueFilters.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            var col = byColumn.Key;
            if (values.Count == 1) p.AddCondition($"{Col(col)} = {p.Param(values[0])}");
            else p.AddCondition($"{Col(col)} IN ({string.Join(", ", values.Select(p.Param))})");
        }
        foreach (var byColumn in p.Model.Negated.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            p.AddCondition($"{Col(byColumn.Key)} NOT IN ({string.Join(", ", values.Select(p.Param))})");
        }
    }
}
