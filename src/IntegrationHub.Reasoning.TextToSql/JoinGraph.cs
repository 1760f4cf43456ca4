using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The join graph of a catalog: its many-to-one links (declared or inferred) and the semantic layer's joins.</summary>
internal sealed class JoinGraph
{
    private readonly Dictionary<string, List<(TableModel To, string On)>> _edges = new(StringComparer.OrdinalIgnoreCase);

    public JoinGraph(IEnumerable<TableModel> tables, SemanticLayer? layer, Func<string, TableModel?> table)
    {
        foreach (var t in tables)
        {
            foreach (var link in t.Links)
                AddEdge(t, link.Parent, $"{Q(t.Name)}.{Q(link.Column.Name)} = {Q(link.Parent.Name)}.{Q(link.ParentColumn.Name)}");
        }
        foreach (var j in layer?.Joins ?? [])
        {
            var a = table(j.From);
            var b = table(j.To);
            if (a is not null && b is not null) AddEdge(a, b, j.On);
        }
    }

    private static string Q(string identifier) => CatalogIndex.Q(identifier);

    private void AddEdge(TableModel a, TableModel b, string on)
    {
        if (!_edges.TryGetValue(a.Name, out var la)) _edges[a.Name] = la = [];
        if (!_edges.TryGetValue(b.Name, out var lb)) _edges[b.Name] = lb = [];
        la.Add((b, on));
        lb.Add((a, on));
    }

    /// <summary>True when <paramref name="child"/> reaches <paramref name="parent"/> by following foreign keys (many-to-one).</summary>
    public bool Reaches(TableModel child, TableModel parent)
    {
        if (child == parent) return true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { child.Name };
        var queue = new Queue<TableModel>([child]);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            foreach (var link in t.Links)
            {
                var to = link.Parent;
                if (!seen.Add(to.Name)) continue;
                if (to == parent) return true;
                queue.Enqueue(to);
            }
        }
        return false;
    }

    /// <summary>Shortest join path (BFS) from <paramref name="from"/> to <paramref name="to"/>: the joins to add, in order.</summary>
    public List<(TableModel Table, string On)>? Path(TableModel from, TableModel to)
    {
        if (from == to) return [];
        var prev = new Dictionary<string, (TableModel From, string On)>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<TableModel>([from]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { from.Name };
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (!_edges.TryGetValue(t.Name, out var edges)) continue;
            // Prefer following this table's own foreign keys (many-to-one) before fanning out.
            foreach (var (next, on) in edges.OrderBy(e => t.Links.Any(l => l.Parent == e.To) ? 0 : 1))
            {
                if (!seen.Add(next.Name)) continue;
                prev[next.Name] = (t, on);
                if (next == to)
                {
                    var path = new List<(TableModel, string)>();
                    var cur = to;
                    while (cur != from)
                    {
                        var (p, o) = prev[cur.Name];
                        path.Add((cur, o));
                        cur = p;
                    }
                    path.Reverse();
                    return path;
                }
                queue.Enqueue(next);
            }
        }
        return null;
    }
}
