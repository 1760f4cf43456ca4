namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// "处理时长", "repair duration": a fragment of a number column's description or name ("处理" of 处理费用, "repair" of
/// repair_cost) right before a duration word is about the duration, not the amount.
/// </summary>
internal sealed class DurationFragmentRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        p.Model.NumericColumns.RemoveAll(n => p.Resolved[n.Token].Derived && DurationAfter().IsMatch(p.Gap(n.Token.End, Math.Min(p.Text.Length, n.Token.End + 16))));
    }
}
