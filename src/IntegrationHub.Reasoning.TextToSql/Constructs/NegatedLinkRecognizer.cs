namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"authors not part of any organization" / "没有所属线路的车站": the link to that table is empty.</summary>
internal sealed class NegatedLinkRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        foreach (var (token, table) in p.Model.ExplicitTables.ToList())
        {
            if (!BooleanNegation().IsMatch(p.Text[Math.Max(0, token.Start - 24)..token.Start])) continue;
            var holder = p.Model.ExplicitTables.Select(e => e.Table).Append(p.Model.GroupEntity).Append(p.Model.TopTargetTable).OfType<TableModel>()
                .FirstOrDefault(t => t != table && t.Links.Any(l => l.Parent == table));
            if (holder is null) continue;
            p.AddCondition($"{Col(holder.Links.First(l => l.Parent == table).Column)} IS NULL");
            p.Model.ExplicitTables.RemoveAll(e => e.Token == token);
            p.Model.Mentioned.Remove(table);
        }
    }
}
