using System.Text.RegularExpressions;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>The known tasks (configured templates): which one a request's task is, and whether a simulated ticket ends where that task must.</summary>
public sealed class TicketTemplateCatalog(TicketOptions options)
{
    private readonly IReadOnlyList<(Regex Task, TicketTemplate Template)> _templates =
        options.Templates.Select(t => (new Regex(t.Task, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), t)).ToList();

    public TicketTemplate? Match(string task) => _templates.FirstOrDefault(t => t.Task.IsMatch(task)).Template;

    /// <summary>Where the bay after the last step differs from the template's end state, naming the step that left it so.</summary>
    public IReadOnlyList<string> Unmet(TicketTemplate template, BayModel bay, SimulationResult simulation)
    {
        var problems = new List<string>();
        foreach (var (role, allowed) in template.Final)
        {
            foreach (var equipment in bay.Equipment.Where(e => string.Equals(e.Role, role, StringComparison.OrdinalIgnoreCase)))
            {
                var position = bay.Position(simulation.Final, equipment);
                if (!allowed.Split('|', StringSplitOptions.TrimEntries).Contains(position, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{By(simulation, equipment.Id)}{equipment.Kind} {equipment.Id} ends {position}; {template.Name} needs {allowed}");
                }
            }
        }

        var grounds = bay.Grounds(simulation.Final);
        foreach (var missing in template.Grounded.Where(n => bay.Nodes.Contains(n) && !grounds.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{By(simulation, "ground:" + missing)}{missing} ends without a ground; {template.Name} needs it grounded");
        }

        foreach (var extra in grounds.Where(n => !template.Grounded.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{By(simulation, "ground:" + extra)}{extra} ends grounded; {template.Name} leaves no ground there");
        }

        return problems;
    }

    private static string By(SimulationResult simulation, string key) =>
        simulation.ChangedBy.TryGetValue(key, out var step) ? $"after {step.Label}, " : "after the last step, ";
}
