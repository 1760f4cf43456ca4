namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>Finds names in free text, longest first and without overlaps ("901开关手车" is the truck, not the breaker 901开关).</summary>
internal sealed class NameIndex<T>(IEnumerable<(string Name, T Target)> names)
{
    private readonly List<(string Name, T Target)> _names = names.Where(n => n.Name.Length > 0).OrderByDescending(n => n.Name.Length).ToList();

    public IReadOnlyList<(string Name, T Target)> Find(string text)
    {
        var taken = new bool[text.Length];
        var found = new List<(string Name, T Target, int At)>();
        foreach (var (name, target) in _names)
        {
            for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (Enumerable.Range(at, name.Length).Any(i => taken[i]))
                {
                    continue;
                }

                Array.Fill(taken, true, at, name.Length);
                found.Add((name, target, at));
            }
        }

        return found.OrderBy(f => f.At).Select(f => (f.Name, f.Target)).ToList();
    }
}
