using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Honest refusal for constructs asked for but not built: a ratio word with one quantity, "both A and B" (an
/// intersection the grammar does not compose), a number compared with a text column. Each would otherwise be
/// answered as a different question.
/// </summary>
internal sealed class ConstructCoverageRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext plan)
    {
        if (RatioWord().Match(plan.Rest) is { Success: true } ratio && !plan.Model.Measures.Any(IsRatio))
            Refuse(plan, ratio.Value, plan.Zh ? "只找到一个量，不知道比的是哪两个量" : "found only one quantity, not the two it compares");
        if (!plan.Model.Intersection && BothAnd().Match(plan.Text) is { Success: true } both && TwoOfOneKind(plan, both))
            Refuse(plan, both.Value.Trim(), plan.Zh ? "需要同时满足两个取值（交集），尚不支持" : "rows that have both (an intersection) are not composed yet");
        foreach (var c in plan.Comparisons)
            if (c.Subject is not null && plan.Resolved[c.Subject].Column is { } column && !column.IsNumeric && column.Time == TimeFormat.None && !c.CountUnit)
                Refuse(plan, plan.Text.Substring(c.Index, c.Length).Trim(), plan.Zh
                    ? $"{column.Table.Name}.{column.Name} 是文本，不能与数字比较"
                    : $"{column.Table.Name}.{column.Name} holds text, not a number to compare");
    }

    private static bool IsRatio(Measure m) => m.Label is "ratio" or "比值" or "share" or "占比";

    /// <summary>Two values or two tables joined by the "and" of "both … and".</summary>
    private static bool TwoOfOneKind(PlanContext plan, Match both)
    {
        var inside = plan.Tokens.Where(t => t.Start >= both.Index && t.Start < both.Index + both.Length + 40).Select(t => plan.Resolved[t]).ToList();
        return inside.Count(t => t.Kind == TermKind.Value) >= 2 || inside.Count(t => t.Kind == TermKind.Table) >= 2;
    }

    private static void Refuse(PlanContext plan, string words, string why) =>
        throw new TextToSqlRefusal("text-to-sql.not-understood", plan.Zh
            ? $"没有理解“{words}”：{why}，为避免答非所问，未生成查询。"
            : $"Did not understand '{words}': {why}; answering would answer a different question.");
}
