namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"the longest rivers" / "最长的隧道": the adjective names the column when no number column is named.</summary>
internal sealed class SuperlativeAdjectiveRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        // "the longest rivers" / "最长的隧道": the adjective names the column when no number column is named.
        if (p.Model.NumericColumns.Count == 0 && p.Model.Metrics.Count == 0 && p.Model.TopTargetTable is not null && Lexicon.SuperlativeWords.Find(p.Rest) is { } adjective
            && Lexicon.SuperlativeWords.ColumnFor(adjective, [p.Model.TopTargetTable]) is { } adjectiveColumn)
        {
            var token = new Token(adjective.Index, adjective.Length, p.Text.Substring(adjective.Index, adjective.Length), [new Target(TermKind.Column, adjectiveColumn.Table, adjectiveColumn)]);
            p.Resolved[token] = token.First;
            p.Model.NumericColumns.Add((token, adjectiveColumn));
            if (!p.Words.ExplicitOrder) p.Model.Descending = adjective.Descending;
        }
    }
}
