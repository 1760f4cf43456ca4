namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>A list of rows ("which customers …", "the 5 longest lines"), not an aggregate.</summary>
internal sealed class RowListRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        // A list ("which customers …") of rows, not an aggregate.
        p.Model.RowList = p.Words.ListMode && p.Model.Measures.Count == 0 && !p.Words.CountWord && p.Model.Groups.Count == 0 && p.Model.GroupEntity is null
            && !p.Comparisons.Any(c => c.CountUnit) && p.Words.TopN is null;
        p.Model.TopRows = (p.Words.TopN is not null || p.Words.Superlative.Success) && p.Model.TopTargetTable is not null && p.Model.TopTargetTable == p.Model.Fact && p.Model.NumericColumns.Count > 0 && p.Model.Metrics.Count == 0;
        // "the title of the publication with the highest number of citations": the row with the largest value, its asked columns.
        if (!p.Model.TopRows && p.Words.Superlative.Success && p.Model.TopTarget is null && p.Words.TopN is null && p.Model.NumericColumns.Count == 1 && p.Model.Metrics.Count == 0 && p.Model.GroupEntity is null
            && p.Model.NumericColumns[0].Token.Start > p.Words.Superlative.Index && p.Model.NumericColumns[0].Column.Table == p.Model.Fact && !GroupWord().IsMatch(p.Rest)
            && p.Model.Groups.All(g => g.Column is { } gc && gc.Table == p.Model.Fact))
        {
            p.Model.Outputs.AddRange(p.Model.Groups.Select(g => g.Column!));
            p.Model.Groups.Clear();
            p.Model.TopRows = true;
        }
        if (p.Model.TopRows)
        {
            p.Model.RowList = true;
            p.Model.Measures = p.Model.Measures.Select(m => m with { Sql = Col(m.Column!), Aggregated = false }).Where(m => m.Column is not null).ToList();
            p.Model.GroupEntity = null;
        }
    }
}
