namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"处理时长": a fragment of "处理费用" before a duration word is about the duration, not the amount.</summary>
internal sealed class DurationFragmentRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        p.Model.NumericColumns.RemoveAll(n => p.Resolved[n.Token].Derived && DurationWord().IsMatch(p.Gap(n.Token.End, Math.Min(p.Text.Length, n.Token.End + 2))));
    }
}
