namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"what are the names and areas of the lakes": numbers asked for are listed, not summed.</summary>
internal sealed class ListedNumbersRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        var plainList = p.Words.ListMode && !p.Words.CountWord && p.Words.Agg == Agg.None && p.Words.TopN is null && !p.Words.Superlative.Success && p.Model.Metrics.Count == 0
            && !AggWord().IsMatch(p.Rest) && !ShareWord().IsMatch(p.Rest);
        if (plainList)
        {
            p.Model.Outputs.AddRange(p.Model.NumericColumns.Select(n => n.Column));
            p.Model.NumericColumns.Clear();
        }
    }
}
