using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Linked terms: which target a term means, the entity after a word, comparisons with numbers.</summary>
internal sealed partial class PlanContext
{
    internal Dictionary<Token, Target> Resolve(List<Token> tokens)
    {
        var anchors = new HashSet<TableModel>();
        foreach (var t in tokens)
        {
            var tables = t.Targets.Where(x => !x.Derived).Select(x => x.Table).Distinct().ToList();
            if (tables.Count == 1 && t.Targets.Count(x => !x.Derived) > 0) anchors.Add(tables[0]);
        }
        var map = new Dictionary<Token, Target>();
        tokens.RemoveAll(t => t.Targets.All(x => x.Derived) && anchors.Count > 0 && !t.Targets.Any(x => anchors.Any(a => a == x.Table || Index.Reaches(a, x.Table) || Index.Reaches(x.Table, a) || Index.Distance(a, x.Table) <= 2)));
        foreach (var t in tokens)
        {
            if (t.Targets.Count == 1) { map[t] = t.First; continue; }
            map[t] = t.Targets
                .Select((x, i) => (x, score: (anchors.Contains(x.Table) ? 0 : anchors.Count == 0 ? 0 : anchors.Min(a => Index.Distance(a, x.Table))) * 10 + (x.Derived ? 5 : 0) + KindRank(x.Kind) + i * 0.01))
                .OrderBy(p => p.score).First().x;
        }
        return map;
    }

    /// <summary>The first table, dimension or column named after <paramref name="from"/>, skipping values ("5个大工业客户").</summary>
    internal Token? EntityAfter(List<Token> tokens, Dictionary<Token, Target> resolved, int from, int maxGap)
    {
        var pos = from;
        foreach (var t in tokens.Where(t => t.Start >= from))
        {
            if (t.Start - pos > maxGap) return null;
            if (resolved[t].Kind is TermKind.Value or TermKind.Filter) { pos = t.End; continue; }
            return t;
        }
        return null;
    }

    internal static double KindRank(TermKind kind) => kind switch
    {
        TermKind.Metric => 0,
        TermKind.Filter => 0,
        TermKind.Value => 1,
        TermKind.Dimension => 1,
        TermKind.Table => 1.5,
        _ => 2,
    };

    /// <summary>The table that reaches every other candidate along foreign keys: the "fact" being counted or summed.</summary>
    internal TableModel MostSpecific(List<TableModel> candidates, List<TableModel> explicitTables)
    {
        return candidates
            .Select((t, i) => (t, reach: candidates.Count(o => Index.Reaches(t, o)), explicitRank: explicitTables.Contains(t) ? 0 : 1, i))
            .OrderByDescending(x => x.reach).ThenBy(x => x.explicitRank).ThenBy(x => x.i).First().t;
    }

    /// <summary>The entity a count is about, as in "有多少客户" / "客户数" / "how many customers".</summary>
    internal TableModel? CountSubject(List<(Token Token, TableModel Table)> explicitTables, TableModel fact)
    {
        foreach (var (token, table) in explicitTables)
        {
            var before = Gap(Math.Max(0, token.Start - 12), token.Start);
            var after = Gap(token.End, Math.Min(Text.Length, token.End + 4));
            if (CountBefore().IsMatch(before) || CountAfter().IsMatch(after))
                return fact == table || Index.Reaches(fact, table) ? table : null;
        }
        return null;
    }

    /// <summary>One-character values (高/中/低, 是/否) count only beside their column: "高优先级", "优先级为高".</summary>
    internal string? SingleCharValue(ColumnModel col, Token token)
    {
        var values = col.KnownValues;
        if (!values.Any(v => v.Length == 1)) return null;
        if (token.Start > 0 && values.Contains(Text[token.Start - 1].ToString())) return Text[token.Start - 1].ToString();
        var after = token.End;
        while (after < Text.Length && "为是=:： ".Contains(Text[after])) after++;
        return after < Text.Length && values.Contains(Text[after].ToString()) && (after + 1 >= Text.Length || !TextNormalizer.IsCjk(Text[after + 1]) || "的级".Contains(Text[after + 1]))
            ? Text[after].ToString() : null;
    }

    /// <summary>
    /// One- or two-character values the lexicon cannot hold alone ("A", "C", "B+") read only right after their column:
    /// "grade of A or C", "grade A", "grade = B+". Empty when the words after the column are not its values.
    /// </summary>
    internal List<string> ShortValuesAfter(ColumnModel col, Token token)
    {
        var shorts = col.KnownValues.Where(v => v.Length <= 2 && v.All(char.IsAsciiLetterOrDigit)).ToList();
        if (shorts.Count == 0 || ShortValueList().Match(Text, token.End) is not { Success: true } m || m.Index != token.End) return [];
        // Without "of"/"is"/"为" before it, "a" or "i" is the English word, not a value: "the grade a member has".
        if (!m.Groups["c"].Success && m.Groups["v"].Captures.Any(c => Lexicon.GrammarWords.FunctionWords.Contains(c.Value))) return [];
        var found = new List<string>();
        foreach (Capture c in m.Groups["v"].Captures)
        {
            if (shorts.FirstOrDefault(v => v.Equals(c.Value, StringComparison.OrdinalIgnoreCase)) is not { } value) return [];
            found.Add(value);
        }
        return found;
    }

    /// <summary>True for "有几个区县", "多少种型号", "区县数", "how many districts": the thing itself is counted.</summary>
    internal bool IsCounted(Token token) =>
        CountBefore().IsMatch(Gap(Math.Max(0, token.Start - 12), token.Start)) || CountAfter().IsMatch(Gap(token.End, Math.Min(Text.Length, token.End + 4)));

    /// <summary>1 when a group marker (各, 每个, 按, by, per …) stands right before <paramref name="start"/>; 2 for "各类".</summary>
    internal int GroupMarker(int start)
    {
        var before = Text[..start].TrimEnd();
        if (KindMarker().IsMatch(before)) return 2;
        return GroupMarkerRegex().IsMatch(before) ? 1 : 0;
    }

    /// <summary>The content words nothing linked: English words that are not grammar, runs of Chinese characters.</summary>
    internal static IEnumerable<string> Unlinked(string rest) =>
        ContentWord().Matches(rest).Select(m => m.Value).Where(w => !Lexicon.GrammarWords.FunctionWords.Contains(w)).Distinct().Take(8);

    internal string Gap(int from, int to) => from >= to ? "" : Text[from..to];

    internal List<Comparison> ExtractComparisons(char[] work)
    {
        var list = new List<Comparison>();
        var s = new string(work);
        foreach (Match m in ComparisonBefore().Matches(s))
        {
            var op = OpOf(m.Groups["op"].Value);
            var value = Number(m.Groups["num"].Value, m.Groups["mul"].Value);
            var countUnit = m.Groups["cu"].Success && m.Groups["cu"].Length > 0;
            list.Add(new Comparison(m.Index, m.Length, op, value, countUnit));
        }
        foreach (Match m in ComparisonAfter().Matches(s))
        {
            if (list.Any(c => m.Index < c.Index + c.Length && c.Index < m.Index + m.Length)) continue;
            var op = m.Groups["op"].Value.Contains('上') ? ">=" : "<=";
            var value = Number(m.Groups["num"].Value, m.Groups["mul"].Value);
            list.Add(new Comparison(m.Index, m.Length, op, value, m.Groups["cu"].Success && m.Groups["cu"].Length > 0));
        }
        foreach (var c in list) Blank(work, c.Index, c.Length);
        // A table named right after the number ("more than 3 overdue bills") makes it a count.
        var tokens = Index.Match(work);
        return list.Select(c => !c.CountUnit && char.IsAsciiDigit(Text[c.Index + c.Length - 1])
            && tokens.FirstOrDefault(t => t.Start >= c.Index + c.Length && Gap(c.Index + c.Length, t.Start).Trim().Length == 0) is { } next && next.First.Kind == TermKind.Table
            ? c with { CountUnit = true } : c).ToList();
    }

    internal static string OpOf(string word) => word switch
    {
        "超过" or "超出" or "大于" or "高于" or "多于" or "多过" or ">" or "more than" or "greater than" or "over" or "above" or "exceeding" or "exceed" or "higher than" or "larger than" => ">",
        "大于等于" or "不少于" or "不低于" or "至少" or ">=" or "at least" or "不小于" => ">=",
        "少于" or "低于" or "小于" or "不到" or "不足" or "<" or "less than" or "fewer than" or "below" or "under" or "lower than" => "<",
        "小于等于" or "不超过" or "不高于" or "不多于" or "至多" or "<=" or "at most" or "不大于" => "<=",
        _ => "=",
    };

    internal static double Number(string num, string mul)
    {
        var v = double.Parse(num, CultureInfo.InvariantCulture);
        return mul switch { "万" => v * 10000, "亿" => v * 100000000, "千" => v * 1000, "k" => v * 1000, _ => v };
    }
}
