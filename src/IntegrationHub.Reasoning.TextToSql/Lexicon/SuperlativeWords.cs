using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql.Lexicon;

/// <summary>A superlative adjective found in a question: where, which way it orders, and the column stems it is about.</summary>
internal sealed record SuperlativeWord(int Index, int Length, bool Descending, IReadOnlyList<string> Stems);

/// <summary>Superlative adjectives from <c>Lexicon/superlatives.txt</c> ("longest" → length, "最高" → 高度/海拔).</summary>
internal static class SuperlativeWords
{
    private sealed record Entry(string Word, bool Descending, IReadOnlyList<string> Stems, Regex Pattern);

    private static readonly IReadOnlyList<Entry> Entries = Load();

    /// <summary>The first superlative adjective in <paramref name="text"/> (normal form), or null.</summary>
    public static SuperlativeWord? Find(string text)
    {
        SuperlativeWord? best = null;
        foreach (var e in Entries)
        {
            var m = e.Pattern.Match(text);
            if (m.Success && (best is null || m.Index < best.Index)) best = new SuperlativeWord(m.Index, m.Length, e.Descending, e.Stems);
        }
        return best;
    }

    /// <summary>The one numeric or time column of <paramref name="tables"/> (in order of preference) a stem names.</summary>
    public static ColumnModel? ColumnFor(SuperlativeWord word, IEnumerable<TableModel> tables)
    {
        foreach (var t in tables)
        {
            var hits = t.Columns.Where(c => (c.IsNumeric || c.Time != TimeFormat.None)
                && word.Stems.Any(s => c.Name.Contains(s, StringComparison.OrdinalIgnoreCase) || (c.Head?.Contains(s, StringComparison.Ordinal) ?? false))).ToList();
            if (hits.Count > 0) return hits.OrderBy(c => word.Stems.ToList().FindIndex(s => c.Name.Contains(s, StringComparison.OrdinalIgnoreCase) || (c.Head?.Contains(s, StringComparison.Ordinal) ?? false)) is var i && i < 0 ? 99 : i).First();
        }
        return null;
    }

    private static List<Entry> Load()
    {
        var entries = new List<Entry>();
        foreach (var line in LexiconFile.Lines("superlatives.txt"))
        {
            var parts = line.Split('=', 2);
            if (parts.Length != 2) continue;
            var stems = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TextNormalizer.Normalize).ToList();
            foreach (var word in Regex.Split(parts[0].Trim(), @"(?<=:(?:asc|desc))\s+"))
            {
                var w = word.Split(':');
                if (w.Length != 2) continue;
                var term = TextNormalizer.Normalize(w[0].Trim());
                var pattern = new Regex(term.Any(TextNormalizer.IsCjk) ? Regex.Escape(term) : $@"(?<![a-z]){Regex.Escape(term)}(?![a-z])", RegexOptions.Compiled);
                entries.Add(new Entry(term, w[1] == "desc", stems, pattern));
            }
        }
        return entries;
    }
}
