namespace IntegrationHub.Reasoning.TextToSql.Lexicon;

/// <summary>Word lists the engine reads from its embedded lexicon files (<c>Lexicon/*.txt</c>), in normal form.</summary>
internal static class GrammarWords
{
    /// <summary>English function words: never schema terms.</summary>
    public static IReadOnlySet<string> FunctionWords { get; } = Load("function-words.txt");

    private static HashSet<string> Load(string file)
    {
        var assembly = typeof(GrammarWords).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Lexicon." + file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Split('#', 2)[0].Trim();
            if (word.Length > 0) words.Add(TextNormalizer.Normalize(word));
        }
        return words;
    }
}
