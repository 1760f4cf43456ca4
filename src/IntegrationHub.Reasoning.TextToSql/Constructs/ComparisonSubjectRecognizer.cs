namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The term right before each comparison ("超过10000", "more than 5") is what it compares.</summary>
internal sealed class ComparisonSubjectRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        foreach (var c in p.Comparisons)
            c.Subject = p.Tokens.LastOrDefault(t => t.End <= c.Index && p.Gap(t.End, c.Index).Trim().Trim('的', '在', '为', '是', '达', '都').Length == 0);
    }
}
