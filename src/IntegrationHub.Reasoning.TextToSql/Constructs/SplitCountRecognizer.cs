namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// "How many members are students and how many are not?", "有多少读者是学生，多少不是": one count of the rows that meet the
/// condition (a boolean column or one value) and one of those that do not, side by side, instead of a filter.
/// </summary>
internal sealed class SplitCountRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (!SplitCountWord().IsMatch(p.Text) || p.Model.RowList || p.Model.Groups.Count > 0 || p.Model.GroupEntity is not null) return;
        if (p.Model.Measures is not [{ IsCount: true }]) return;
        string yes, no, name;
        if (p.Model.Booleans.Select(b => b.Column).Distinct().ToList() is [var flag] && p.Model.ValueFilters.Count == 0)
        {
            (yes, no, name) = (BooleanCondition(flag, true), BooleanCondition(flag, false), flag.Name);
            p.Model.Booleans.Clear();
        }
        else if (p.Model.ValueFilters.Concat(p.Model.Negated).Distinct().ToList() is [var (column, value)] && p.Model.Booleans.Count == 0)
        {
            var param = p.Param(value);
            (yes, no, name) = ($"{Col(column)} = {param}", $"{Col(column)} <> {param}", value);
            p.Model.ValueFilters.Clear();
            p.Model.Negated.Clear();
        }
        else return;
        p.Model.Measures =
        [
            new Measure($"COUNT(CASE WHEN {yes} THEN 1 END)", p.Zh ? "是" : "count_" + name, IsCount: true),
            new Measure($"COUNT(CASE WHEN {no} THEN 1 END)", p.Zh ? "否" : "count_not_" + name, IsCount: true),
        ];
        p.Explain.Add(p.Zh ? "分别统计满足与不满足条件的数量" : "counting the rows that meet the condition and those that do not");
    }
}
