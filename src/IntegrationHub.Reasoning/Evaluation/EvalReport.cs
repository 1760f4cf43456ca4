namespace IntegrationHub.Reasoning.Evaluation;

/// <summary>How one question went for one engine.</summary>
public enum EvalVerdict
{
    /// <summary>The answer's rows match the gold rows.</summary>
    Correct,

    /// <summary>An answer whose rows differ from the gold rows, or whose SQL failed on the database.</summary>
    Wrong,

    /// <summary>The engine said it could not answer, with a reason.</summary>
    Refused,

    /// <summary>Answered, but there is no gold SQL (or none of it ran) to judge by.</summary>
    Unjudged,
}

/// <param name="Sql">The engine's SQL, when it answered.</param>
/// <param name="Detail">Why it is not correct: the refusal reason, the database error, or the rows got and wanted.</param>
/// <param name="ChosenBy">With a model configured: which engine's SQL the reply carried and why.</param>
public sealed record EvalOutcome(EvalQuestion Question, EvalVerdict Verdict, string? Sql, string? Detail, double LatencyMs, string? ChosenBy = null);

/// <summary>One engine's results over a question set.</summary>
public sealed record EngineEvalReport(string Engine, IReadOnlyList<EvalOutcome> Outcomes)
{
    public int Total => Outcomes.Count;

    public int Correct => Outcomes.Count(o => o.Verdict == EvalVerdict.Correct);

    public int Wrong => Outcomes.Count(o => o.Verdict == EvalVerdict.Wrong);

    public int Refused => Outcomes.Count(o => o.Verdict == EvalVerdict.Refused);

    public int Unjudged => Outcomes.Count(o => o.Verdict == EvalVerdict.Unjudged);

    /// <summary>Category → (correct, total), categories in name order.</summary>
    public IReadOnlyList<(string Category, int Correct, int Total)> ByCategory =>
        Outcomes.GroupBy(o => o.Question.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(o => o.Verdict == EvalVerdict.Correct), g.Count())).ToList();
}

/// <summary>The text <c>hub eval nl2sql</c> prints: per engine, EX per category, refusals apart from wrong answers, the failures.</summary>
public static class EvalReportText
{
    public static void Write(TextWriter writer, IEnumerable<EngineEvalReport> reports, bool failures = true)
    {
        foreach (var r in reports)
        {
            writer.WriteLine($"== {r.Engine}");
            foreach (var (category, correct, total) in r.ByCategory) writer.WriteLine($"{category}: {correct}/{total}");
            if (failures)
            {
                foreach (var o in r.Outcomes.Where(o => o.Verdict != EvalVerdict.Correct))
                {
                    var db = o.Question.Database is null ? "" : $" [{o.Question.Database}]";
                    writer.WriteLine($"{o.Verdict.ToString().ToLowerInvariant()} {o.Question.Id}{db} {o.Question.Question}");
                    if (o.Sql is not null) writer.WriteLine($"   sql: {o.Sql}");
                    if (o.Detail is not null) writer.WriteLine($"   {(o.Verdict == EvalVerdict.Refused ? "reason" : "why")}: {o.Detail}");
                    if (o.ChosenBy is not null) writer.WriteLine($"   chosen: {o.ChosenBy}");
                }
            }

            var latencies = r.Outcomes.Select(o => o.LatencyMs).Order().ToList();
            var p95 = latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.95) - 1)];
            writer.WriteLine($"{r.Engine}: {r.Correct} correct, {r.Wrong} wrong, {r.Refused} refused, {r.Unjudged} unjudged; translation p95 {p95:0.0} ms");
            writer.WriteLine($"EX {r.Correct}/{r.Total} ({r.Engine})");
        }
    }
}
