using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.Offline;

/// <summary>
/// A named label set for <c>classify-intent</c>, shipped as <c>IntentSets/NAME.json</c>: used by the offline engine
/// (keywords, regular expressions, example phrases) and as the LLM's label set and few-shot examples.
/// </summary>
/// <param name="DefaultIntent">Answered when nothing scores above <paramref name="Threshold"/> (usually 其他).</param>
/// <param name="Include">Other sets whose intents this one adds after its own (shared dialog intents such as opt-out
/// and fraud suspicion live once, in <c>dialog-policies.json</c>); an intent the set already names is not taken.</param>
public sealed record IntentSet(string Name, string? Description, string DefaultIntent, IReadOnlyList<IntentSpec> Intents, double Threshold = 0.35, IReadOnlyList<string>? Include = null)
{
    public IReadOnlyList<IntentDefinition> ToDefinitions() =>
        [.. Intents.Select(i => new IntentDefinition(i.Name, i.Description, i.Examples, i.Patterns, i.Keywords))];

    public static IntentSet FromDefinitions(string name, IReadOnlyList<IntentDefinition> intents)
    {
        var fallback = intents.FirstOrDefault(i => i.Name is "其他" or "other")?.Name ?? intents[^1].Name;
        return new IntentSet(name, null, fallback, [.. intents.Select(i => new IntentSpec(i.Name, i.Description, i.Examples, i.Patterns, i.Keywords))]);
    }
}

/// <param name="Patterns">Regular expressions that decide the intent (named groups become slots).</param>
/// <param name="ExcludePatterns">When one matches, this intent's patterns and keywords do not count (negations, look-alikes).</param>
/// <param name="Priority">Breaks ties between intents that both match outright (转人工 beats the rest).</param>
public sealed record IntentSpec(
    string Name,
    string? Description = null,
    IReadOnlyList<string>? Examples = null,
    IReadOnlyList<string>? Patterns = null,
    IReadOnlyList<string>? Keywords = null,
    IReadOnlyList<string>? ExcludePatterns = null,
    int Priority = 0);

/// <summary>The intent sets found in the configured folder, loaded once.</summary>
public sealed class IntentSetCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private readonly Dictionary<string, IntentSet> sets = new(StringComparer.OrdinalIgnoreCase);

    public IntentSetCatalog(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var set = JsonSerializer.Deserialize<IntentSet>(File.ReadAllText(file), Json)
                ?? throw new InvalidDataException($"Intent set {file} is empty.");
            if (set.Intents.Count == 0) throw new InvalidDataException($"Intent set {file} has no intents.");
            sets[set.Name] = set;
        }

        var loaded = new Dictionary<string, IntentSet>(sets, StringComparer.OrdinalIgnoreCase);
        foreach (var set in loaded.Values.Where(s => s.Include is { Count: > 0 }))
        {
            sets[set.Name] = WithIncluded(set, loaded);
        }
    }

    public IReadOnlyCollection<string> Names => sets.Keys;

    public IntentSet? Find(string name) => sets.GetValueOrDefault(name);

    private static IntentSet WithIncluded(IntentSet set, Dictionary<string, IntentSet> loaded)
    {
        var intents = set.Intents.ToList();
        foreach (var name in set.Include!)
        {
            var included = loaded.GetValueOrDefault(name)
                ?? throw new InvalidDataException($"Intent set {set.Name} includes '{name}', which is not in the folder (found: {string.Join(", ", loaded.Keys)}).");
            if (included.Include is { Count: > 0 })
            {
                throw new InvalidDataException($"Intent set {set.Name} includes '{name}', which includes others itself; includes are one level deep.");
            }

            intents.AddRange(included.Intents.Where(i => intents.All(mine => !string.Equals(mine.Name, i.Name, StringComparison.Ordinal))));
        }

        return set with { Intents = intents, Include = null };
    }
}
