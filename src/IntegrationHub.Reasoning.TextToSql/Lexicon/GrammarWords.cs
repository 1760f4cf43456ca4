namespace IntegrationHub.Reasoning.TextToSql.Lexicon;

/// <summary>Word lists the engine reads from its embedded lexicon files (<c>Lexicon/*.txt</c>), in normal form.</summary>
internal static class GrammarWords
{
    /// <summary>English function words: never schema terms.</summary>
    public static IReadOnlySet<string> FunctionWords { get; } = LexiconFile.Lines("function-words.txt").Select(TextNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>Verbs naming the relation between two entities ("written", "uses", 缴纳) besides regular "-ed" forms (<c>relation-verbs.txt</c>).</summary>
    public static IReadOnlySet<string> RelationVerbs { get; } = LexiconFile.Lines("relation-verbs.txt").Select(TextNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);

    /// <summary>Words of asking and showing ("return", "list", "查询") that name nothing in a schema (<c>question-words.txt</c>).</summary>
    public static IReadOnlySet<string> QuestionWords { get; } = LexiconFile.Lines("question-words.txt").Select(TextNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Reads an embedded lexicon file: its lines without comments ('#') and blanks.</summary>
internal static class LexiconFile
{
    public static IEnumerable<string> Lines(string file)
    {
        var assembly = typeof(LexiconFile).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Lexicon." + file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        while (reader.ReadLine() is { } line)
        {
            var text = line.Split('#', 2)[0].Trim();
            if (text.Length > 0) yield return text;
        }
    }
}
