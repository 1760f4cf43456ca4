namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Top-N, "which" and superlative words: the entity they are about.</summary>
internal sealed class TopTargetRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Words.TopN is not null)
            p.Model.TopTarget = p.EntityAfter(p.Tokens, p.Resolved, p.Words.TopN.Index + p.Words.TopN.Length, 3);
        if (p.Model.TopTarget is null && p.Words.TopN is null && p.Words.WhichWord.Success)
            p.Model.TopTarget = p.Tokens.FirstOrDefault(t => t.Start >= p.Words.WhichWord.Index + p.Words.WhichWord.Length && t.Start - (p.Words.WhichWord.Index + p.Words.WhichWord.Length) <= 2)
                ?? p.Tokens.LastOrDefault(t => t.End <= p.Words.WhichWord.Index && p.Gap(t.End, p.Words.WhichWord.Index).Trim().Trim('是', '为', '在', '的').Length == 0
                    && p.Resolved[t].Kind is TermKind.Table or TermKind.Dimension);
        if (p.Model.TopTarget is null && p.Words.TopN is null && p.Words.Superlative.Success)
        {
            var after = p.Words.Superlative.Index + p.Words.Superlative.Length;
            p.Model.TopTarget = p.Tokens.FirstOrDefault(t => t.Start >= after && p.Gap(after, t.Start).Trim().Trim('的', '是', '一', '个', '家', '位').Length == 0
                && p.Resolved[t].Kind is TermKind.Table or TermKind.Dimension or TermKind.Column && !(p.Resolved[t].Column?.IsNumeric ?? false));
        }
    }
}
