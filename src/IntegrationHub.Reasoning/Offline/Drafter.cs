using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.Offline;

/// <summary>One draft template (<c>DraftTemplates/*.json</c> hold arrays of them).</summary>
/// <param name="Match">Facts that must equal these values for the template to apply (for example <c>task = 运行转检修</c>).</param>
/// <param name="Steps">Ordered steps; a step with <c>If</c> appears only when that fact is given, with <c>Unless</c> only when it is not.</param>
public sealed record DraftTemplate(string Kind, string Language, string Title, string Body, IReadOnlyList<DraftStep>? Steps = null, IReadOnlyDictionary<string, string>? Match = null);

public sealed record DraftStep(string Text, string? If = null, string? Unless = null);

public sealed record DraftResult(string? Title, string? Body, IReadOnlyList<string>? Steps, IReadOnlyList<string> MissingFacts);

/// <summary>
/// Offline <c>draft</c>: templates with slots. <c>{name}</c> is a required fact, <c>{name?text}</c> an optional one
/// with <c>text</c> when absent. The draft is a proposal: the caller validates it (an operation ticket is checked
/// against the switching rules and signed by people, never executed from here).
/// </summary>
public sealed partial class Drafter
{
    public const string Version = "offline-draft/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly List<DraftTemplate> templates = [];

    public Drafter(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            templates.AddRange(JsonSerializer.Deserialize<List<DraftTemplate>>(File.ReadAllText(file), Json) ?? []);
    }

    public IReadOnlyCollection<string> Kinds => [.. templates.Select(t => t.Kind).Distinct()];

    /// <summary>The template for this kind, language and facts, or null when none is configured.</summary>
    public DraftTemplate? Find(string kind, string language, IReadOnlyDictionary<string, string> facts)
    {
        var lang = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh";
        return templates.FirstOrDefault(t => Fits(t, lang) && (t.Match?.All(m => facts.TryGetValue(m.Key, out var v) && v == m.Value) ?? true))
            ?? templates.FirstOrDefault(t => Fits(t, lang) && t.Match is null);

        bool Fits(DraftTemplate t, string l) => string.Equals(t.Kind, kind, StringComparison.OrdinalIgnoreCase) && t.Language == l;
    }

    public DraftResult Render(DraftTemplate template, IReadOnlyDictionary<string, string> facts)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var title = Fill(template.Title, facts, missing);
        var body = Fill(template.Body, facts, missing);
        var steps = template.Steps?
            .Where(s => (s.If is null || Has(facts, s.If)) && (s.Unless is null || !Has(facts, s.Unless)))
            .Select((s, i) => $"{i + 1}. {Fill(s.Text, facts, missing)}")
            .ToList();
        return new DraftResult(title, body, steps, [.. missing]);
    }

    /// <summary>A caller's own template: the body only, same slot syntax.</summary>
    public DraftResult RenderInline(string template, IReadOnlyDictionary<string, string> facts)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var body = Fill(template, facts, missing);
        return new DraftResult(null, body, null, [.. missing]);
    }

    private static bool Has(IReadOnlyDictionary<string, string> facts, string key) => facts.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v);

    private static string Fill(string text, IReadOnlyDictionary<string, string> facts, ISet<string> missing) =>
        Slot().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (Has(facts, name)) return facts[name].Trim();
            if (m.Groups["default"].Success) return m.Groups["default"].Value;
            missing.Add(name);
            return m.Value;
        });

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(\?(?<default>[^}]*))?\}")]
    private static partial Regex Slot();
}
