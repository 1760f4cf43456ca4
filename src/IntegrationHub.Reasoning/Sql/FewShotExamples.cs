using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>
/// Question/SQL pairs for the prompt: the caller's examples most like the question, then examples made from the
/// semantic layer: each metric the question names (else each metric on the shown tables) as a total, and by a
/// dimension the question names where the two share a table or the layer says how they join.
/// </summary>
public static class FewShotExamples
{
    public static IReadOnlyList<SqlExample> Select(string question, IReadOnlyList<SqlExample>? given, SemanticLayer? layer, int count)
    {
        if (count <= 0) return [];
        var asked = TermFeatures.Of(question);
        var picked = (given ?? [])
            .Select((e, i) => (e, i, overlap: TermFeatures.Of(e.Question).Count(asked.Contains)))
            .OrderByDescending(x => x.overlap).ThenBy(x => x.i)
            .Select(x => x.e)
            .Take(count)
            .ToList();
        if (layer is null || picked.Count >= count) return picked;

        var q = question;
        bool Names(IEnumerable<string> words) => words.Any(w => w.Length >= 2 && q.Contains(w, StringComparison.OrdinalIgnoreCase));
        var metrics = layer.Metrics.Where(m => Names(m.Synonyms.Append(m.Name))).ToList();
        if (metrics.Count == 0) metrics = [.. layer.Metrics];
        var dimensions = layer.Dimensions.Where(d => Names(d.Synonyms.Append(d.Name))).ToList();
        foreach (var metric in metrics)
        {
            if (picked.Count >= count) break;
            var where = metric.Filter is null ? "" : $" WHERE {metric.Filter}";
            picked.Add(new SqlExample(metric.Name, $"SELECT {metric.Expression} FROM {metric.Table}{where}"));
            foreach (var dimension in dimensions)
            {
                if (picked.Count >= count || From(metric, dimension, layer) is not { } from) continue;
                picked.Add(new SqlExample($"{metric.Name} by {dimension.Name}",
                    $"SELECT {dimension.Expression}, {metric.Expression} FROM {from}{where} GROUP BY {dimension.Expression}"));
            }
        }

        return picked;
    }

    private static string? From(SemanticMetric metric, SemanticDimension dimension, SemanticLayer layer)
    {
        if (metric.Table.Equals(dimension.Table, StringComparison.OrdinalIgnoreCase)) return metric.Table;
        var join = layer.Joins?.FirstOrDefault(j =>
            (j.From.Equals(metric.Table, StringComparison.OrdinalIgnoreCase) && j.To.Equals(dimension.Table, StringComparison.OrdinalIgnoreCase))
            || (j.To.Equals(metric.Table, StringComparison.OrdinalIgnoreCase) && j.From.Equals(dimension.Table, StringComparison.OrdinalIgnoreCase)));
        return join is null ? null : $"{metric.Table} JOIN {dimension.Table} ON {join.On}";
    }
}
