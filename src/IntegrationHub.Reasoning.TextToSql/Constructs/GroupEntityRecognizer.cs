namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>A grouped entity ("各客户", "which customer") groups by its key and display name.</summary>
internal sealed class GroupEntityRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Model.GroupEntity is not null)
        {
            if (p.Model.GroupEntity.Key is { } pkColumn) p.Model.Groups.Add(new GroupItem(Col(pkColumn), pkColumn.Name, Column: pkColumn));
            if (p.Model.GroupEntity.Display is { } disp) p.Model.Groups.Add(new GroupItem(Col(disp), disp.Name, Column: disp));
            if (p.Model.Groups.Count == 0 && p.Model.GroupEntity.Category is { } cat) p.Model.Groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
        }
        p.Model.Groups = p.Model.Groups.DistinctBy(g => g.Sql).ToList();
    }
}
