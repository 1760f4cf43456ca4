using System.Text.RegularExpressions;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>
/// What a piece of text is compared by, in Chinese and English alike: English words split on case, underscores and
/// punctuation, singular, without function words; Chinese as character bigrams (no word segmentation needed).
/// </summary>
public static partial class TermFeatures
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "not", "is", "are", "was", "were", "be",
        "what", "which", "who", "whom", "whose", "how", "many", "much", "me", "show", "list", "give", "return", "find", "get", "all", "each",
        "every", "per", "their", "its", "it", "this", "that", "these", "those", "do", "does", "did", "has", "have", "had", "there", "than",
        "id", "no", "yes", "as", "if", "any", "some", "most", "least", "top", "number", "total", "count", "average", "avg", "sum",
    };

    /// <summary>The features of <paramref name="text"/> (lower-case words and "zh:" bigrams).</summary>
    public static HashSet<string> Of(string? text)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return features;
        foreach (Match m in Word().Matches(CaseBoundary().Replace(text, "$1 $2")))
        {
            var w = TextNormalizer.Singular(m.Value.ToLowerInvariant());
            if (w.Length >= 2 && !StopWords.Contains(w) && !char.IsAsciiDigit(w[0])) features.Add(w);
        }

        var normal = TextNormalizer.Normalize(text);
        for (var i = 0; i + 1 < normal.Length; i++)
        {
            if (TextNormalizer.IsCjk(normal[i]) && TextNormalizer.IsCjk(normal[i + 1])) features.Add(string.Concat("zh:", normal.AsSpan(i, 2)));
        }

        return features;
    }

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CaseBoundary();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*")]
    private static partial Regex Word();
}
