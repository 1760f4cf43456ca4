namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"杭州和宁波的用电量分别是多少": one row per named value.</summary>
internal sealed class OneRowPerValueRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (Respectively().IsMatch(p.Rest))
            foreach (var multi in p.Model.ValueFilters.GroupBy(v => v.Column).Where(g => g.Select(v => v.Value).Distinct().Count() > 1))
                p.Model.Groups.Add(new GroupItem(Col(multi.Key), multi.Key.Name, Column: multi.Key));
    }
}
