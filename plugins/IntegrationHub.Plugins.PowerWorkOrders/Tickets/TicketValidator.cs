using System.Text.RegularExpressions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>
/// Checks a drafted operation ticket against the safety rules: every required step category is present, and
/// categories come in the prescribed order (open the breaker before the disconnector, verify no voltage before
/// grounding …). A ticket with any problem is never sent for approval.
/// </summary>
public sealed partial class TicketValidator
{
    private readonly TicketRuleSet _rules;
    private readonly Dictionary<string, Regex> _categories;

    public TicketValidator(TicketRuleSet rules)
    {
        _rules = rules;
        _categories = rules.Categories.ToDictionary(c => c.Key, c => new Regex(c.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The categories of each step (a step may be in none).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Classify(IReadOnlyList<string> steps) =>
        steps.Select(step => (IReadOnlyList<string>)_categories.Where(c => c.Value.IsMatch(Normalize(step))).Select(c => c.Key).ToList()).ToList();

    /// <summary>The step's text without its number (drafts come as "1. 拉开…", "（2）…", "3、…").</summary>
    public static string Normalize(string step) => Numbering().Replace(step.Trim(), "");

    [GeneratedRegex(@"^(第?\d+步?[.．、:：)）]?|[（(]\d+[)）])\s*")]
    private static partial Regex Numbering();

    public IReadOnlyList<string> Validate(string task, IReadOnlyList<string> steps)
    {
        var problems = new List<string>();
        if (steps.Count == 0)
        {
            return ["the draft has no steps"];
        }

        var classified = Classify(steps);
        int First(string category)
        {
            for (var i = 0; i < classified.Count; i++)
            {
                if (classified[i].Contains(category, StringComparer.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        var applicable = _rules.Rules.Where(r => Regex.IsMatch(task, r.Task, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToList();
        foreach (var rule in applicable)
        {
            foreach (var required in rule.Required.Where(r => First(r) < 0))
            {
                problems.Add($"missing required step: {required}");
            }

            foreach (var pair in rule.Order)
            {
                var parts = pair.Split('<', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2)
                {
                    continue;
                }

                var (before, after) = (First(parts[0]), First(parts[1]));
                if (before >= 0 && after >= 0 && before > after)
                {
                    problems.Add($"wrong order: {parts[0]} (step {before + 1}: {steps[before]}) must come before {parts[1]} (step {after + 1}: {steps[after]})");
                }
            }
        }

        return problems.Distinct().ToList();
    }
}
