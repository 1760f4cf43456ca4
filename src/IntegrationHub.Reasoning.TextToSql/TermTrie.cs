namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// The lexicon's character trie: normalised terms (names, descriptions, values, synonyms) to what they name, matched
/// over a question by forward maximum matching.
/// </summary>
internal sealed class TermTrie
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Next;
        public List<Target>? Targets;
    }

    private readonly Node _root = new();
    private readonly Dictionary<string, List<Target>> _terms = new(StringComparer.Ordinal);

    public bool Contains(string term) => _terms.ContainsKey(term);

    public void Add(string term, Target target)
    {
        var key = TextNormalizer.Normalize(term).Trim();
        if (key.Length == 0 || CatalogLexicon.IsStopTerm(key)) return;
        if (key.Length == 1 && !char.IsAsciiDigit(key[0])) return;
        if (!_terms.TryGetValue(key, out var list)) _terms[key] = list = [];
        if (list.Any(x => x.Key == target.Key)) return;
        // Exact (catalog or semantic-layer) meanings come before meanings derived from parts of descriptions.
        list.Add(target);
        list.Sort((a, b) => a.Derived.CompareTo(b.Derived));
        var node = _root;
        foreach (var ch in key)
        {
            node.Next ??= [];
            if (!node.Next.TryGetValue(ch, out var next)) node.Next[ch] = next = new Node();
            node = next;
        }
        node.Targets = list;
    }

    /// <summary>Forward maximum matching of lexicon terms over <paramref name="text"/>; '\0' marks consumed characters.</summary>
    public List<Token> Match(char[] text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\0' || c == ' ' || (IsWord(c) && i > 0 && IsWord(text[i - 1])))
            {
                i++;
                continue;
            }
            var node = _root;
            int bestLen = 0;
            List<Target>? best = null;
            for (var j = i; j < text.Length && node.Next is not null && node.Next.TryGetValue(text[j], out var next); j++)
            {
                node = next;
                if (node.Targets is null) continue;
                var len = j - i + 1;
                var endOk = !IsWord(text[j]) || j + 1 >= text.Length || !IsWord(text[j + 1]);
                // A longer fragment of a description does not beat a whole term ("关闭" over "关闭时" in "关闭时长").
                if (endOk && (best is null || !node.Targets.All(t => t.Derived) || best.All(t => t.Derived)))
                {
                    bestLen = len;
                    best = node.Targets;
                }
            }
            if (best is not null && best.All(t => t.Derived) && ExactAcross(text, i, bestLen))
            {
                i++;
                continue;
            }
            if (best is not null)
            {
                tokens.Add(new Token(i, bestLen, new string(text, i, bestLen), best));
                i += bestLen;
            }
            else i++;
        }
        return tokens;
    }

    /// <summary>True when an exact (not derived) term starts inside [start, start+length) and ends beyond it.</summary>
    private bool ExactAcross(char[] text, int start, int length)
    {
        for (var k = start + 1; k < start + length; k++)
        {
            var node = _root;
            for (var j = k; j < text.Length && node.Next is not null && node.Next.TryGetValue(text[j], out var next); j++)
            {
                node = next;
                if (j + 1 > start + length && node.Targets is { } targets && targets.Any(t => !t.Derived)) return true;
            }
        }
        return false;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.';
}
