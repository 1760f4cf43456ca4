using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.Offline;

/// <summary>The offline engine's answer for one utterance.</summary>
public sealed record IntentMatch(string Intent, double Confidence, IReadOnlyDictionary<string, string> Slots, IReadOnlyDictionary<string, double> Scores);

/// <summary>
/// Offline <c>classify-intent</c>: regular expressions decide outright, keywords count (unless negated just before:
/// 没/不/未 …), and character n-gram similarity to the example phrases carries the rest, which is what makes it
/// tolerant of ASR noise (filler words, dropped or substituted characters, half sentences).
/// </summary>
public sealed class IntentClassifier
{
    public const string Version = "offline-intent/1";

    private const double PatternWeight = 1.0;
    private const double SimilarityWeight = 0.8;
    private const double KeywordCap = 0.8;

    private static readonly string[] Fillers = ["那个", "就是说", "就是", "然后", "这个", "嗯", "啊", "呃", "额", "哦", "噢", "喔", "哎", "诶", "唉", "呀", "吧", "呢", "嘛", "啦", "哈", "喂", "哟", "咯"];
    private static readonly string[] NegationPrefixes = ["没有", "不是", "不太", "并没", "还没", "从没", "不用"];
    private const string NegationChars = "不没未别无";

    // Weak keys: inline intent sets arrive with each request and must not pile up.
    private readonly ConditionalWeakTable<IntentSet, CompiledSet> compiled = new();

    public IntentMatch Classify(IntentSet set, string utterance)
    {
        var c = compiled.GetValue(set, s => new CompiledSet(s));
        var text = Normalize(utterance);
        var bare = StripFillers(text);
        var grams = Grams(bare);

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        string? best = null;
        double bestScore = 0, second = 0;
        Dictionary<string, string>? bestSlots = null;
        foreach (var intent in c.Intents)
        {
            var intentSlots = new Dictionary<string, string>(StringComparer.Ordinal);
            var excluded = intent.Excludes.Any(r => Matches(r, text).Success);
            double score = 0;
            if (!excluded)
            {
                foreach (var pattern in intent.Patterns)
                {
                    var m = Matches(pattern, text);
                    if (!m.Success) continue;
                    if (score == 0) score = PatternWeight + 0.05 * intent.Spec.Priority;
                    foreach (Group g in m.Groups)
                        if (g.Success && !int.TryParse(g.Name, out _) && g.Value.Length > 0) intentSlots.TryAdd(g.Name, g.Value);
                }
                score += Math.Min(KeywordCap, intent.Keywords.Where(k => ContainsUnnegated(text, k)).Sum(k => 0.2 + 0.05 * Math.Min(k.Length, 4)));
            }
            var similarity = grams.Count == 0 ? 0 : intent.ExampleGrams.Select(e => Dice(grams, e)).DefaultIfEmpty(0).Max();
            score += SimilarityWeight * similarity;
            scores[intent.Spec.Name] = Math.Round(score, 4);
            if (score > bestScore)
            {
                second = bestScore;
                bestScore = score;
                best = intent.Spec.Name;
                bestSlots = intentSlots;
            }
            else if (score > second) second = score;
        }

        if (best is null || bestScore < set.Threshold)
            return new IntentMatch(set.DefaultIntent, Math.Round(Math.Clamp(1 - bestScore, 0.3, 0.9), 3), slots, scores);
        var margin = (bestScore - second) / bestScore;
        var confidence = Math.Clamp(0.5 * Math.Min(1, bestScore) + 0.5 * margin, 0.05, 0.99);
        return new IntentMatch(best, Math.Round(confidence, 3), bestSlots ?? slots, scores);
    }

    private static Match Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A caller's pathological pattern counts as no match rather than stalling the worker.
            return Match.Empty;
        }
    }

    /// <summary>Half-width, lower case, no spaces or punctuation: the form patterns and keywords see.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (char.IsWhiteSpace(ch) || char.IsPunctuation(ch) || char.IsSymbol(ch) || cat == UnicodeCategory.Control) continue;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private static string StripFillers(string text)
    {
        var s = text;
        foreach (var f in Fillers) s = s.Replace(f, "", StringComparison.Ordinal);
        return s;
    }

    private static bool ContainsUnnegated(string text, string keyword)
    {
        var negatable = NegationChars.IndexOf(keyword[0]) < 0;
        for (var i = text.IndexOf(keyword, StringComparison.Ordinal); i >= 0; i = text.IndexOf(keyword, i + 1, StringComparison.Ordinal))
        {
            if (!negatable) return true;
            var negated = (i >= 1 && NegationChars.Contains(text[i - 1]))
                || (i >= 2 && NegationPrefixes.Contains(text.Substring(i - 2, 2)))
                || (i >= 3 && NegationChars.Contains(text[i - 2]) && text[i - 1] is '太' or '怎' or '再' or '用' or '要');
            if (!negated) return true;
        }
        return false;
    }

    /// <summary>Character unigrams and bigrams, counted.</summary>
    private static Dictionary<string, int> Grams(string s)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s.Length; i++)
        {
            Add(d, s.Substring(i, 1));
            if (i + 1 < s.Length) Add(d, s.Substring(i, 2));
        }
        return d;

        static void Add(Dictionary<string, int> d, string g) => d[g] = d.GetValueOrDefault(g) + 1;
    }

    private static double Dice(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        int common = 0, total = 0;
        foreach (var (g, n) in a)
        {
            total += n;
            if (b.TryGetValue(g, out var m)) common += Math.Min(n, m);
        }
        foreach (var (_, m) in b) total += m;
        return total == 0 ? 0 : 2.0 * common / total;
    }

    private sealed class CompiledSet(IntentSet set)
    {
        public IReadOnlyList<CompiledIntent> Intents { get; } = [.. set.Intents.Select(i => new CompiledIntent(i))];
    }

    private sealed class CompiledIntent(IntentSpec spec)
    {
        public IntentSpec Spec { get; } = spec;
        public Regex[] Patterns { get; } = Compile(spec.Patterns);
        public Regex[] Excludes { get; } = Compile(spec.ExcludePatterns);
        public string[] Keywords { get; } = [.. (spec.Keywords ?? []).Select(Normalize).Where(k => k.Length > 0).Distinct()];
        public Dictionary<string, int>[] ExampleGrams { get; } = [.. (spec.Examples ?? []).Select(e => Grams(StripFillers(Normalize(e)))).Where(g => g.Count > 0)];

        private static Regex[] Compile(IReadOnlyList<string>? patterns) =>
            [.. (patterns ?? []).Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(200)))];
    }
}
