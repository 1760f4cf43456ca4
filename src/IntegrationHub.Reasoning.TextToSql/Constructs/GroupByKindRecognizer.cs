namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"各状态", "by type": group by the fact table's status or category column.</summary>
internal sealed class GroupByKindRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Words.GenericGroup.Success)
        {
            var word = p.Words.GenericGroup.Groups["w"].Value;
            var col = word is "状态" or "status" or "state"
                ? p.Model.Fact.Columns.FirstOrDefault(c => c.Name.Contains("status", StringComparison.OrdinalIgnoreCase) || c.Name.Contains("state", StringComparison.OrdinalIgnoreCase) || (c.Head?.Contains("状态") ?? false))
                : p.Model.Fact.Category;
            if (col is not null) p.Model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
        }
    }
}
