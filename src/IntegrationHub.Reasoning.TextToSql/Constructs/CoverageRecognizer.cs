using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Honest refusal: the content words the plan did not account for. A word that no construct read, that is not a
/// word of asking (<c>Lexicon/question-words.txt</c>, function words) and that names nothing in the tables the query
/// uses is a constraint or a measure the engine did not understand; answering without it would answer another
/// question, so the question is refused with those words named. Runs after every other recogniser.
/// </summary>
internal sealed class CoverageRecognizer : IConstructRecognizer
{
    /// <summary>Shortest shared beginning that relates an inflected word to a schema word ("enrolled" ~ "enrollment").</summary>
    private const int StemLength = 5;

    /// <summary>Marks the characters a grammar pattern read, as '\0' marks those a schema term linked.</summary>
    private const char GrammarMark = '\u0001';

    /// <summary>Particles a written word never ends with; trimmed from the words a refusal names.</summary>
    private static readonly char[] Particles = ['的', '了', '是', '有', '在', '和', '与', '及', '或', '吗', '呢', '把', '被', '对', '从', '到', '为'];

    private static readonly Func<Regex>[] GrammarPatterns =
    [
        TopN, TopNAfter, Superlative, OrderDesc, OrderAsc, OrderPhrase, AvgWord, AggWord, ListWord, ListStart, CountWord,
        WhichWord, GenericGroup, LatestWord, WhenWord, RatioWord, GroupWord, Respectively, ShareWord, DurationWord,
        DayUnit, MinuteUnit, HourUnit, WeekendWord, WeekdayWord, SinceLatestWord, NegationWord, KindMarker, GroupMarkerWord,
    ];

    public void Apply(PlanContext plan)
    {
        var words = Uncovered(plan);
        if (words.Count == 0) return;
        var tables = string.Join(plan.Zh ? "、" : ", ", PlanTables(plan).Select(t => t.Name));
        throw new TextToSqlRefusal("text-to-sql.not-understood", plan.Zh
            ? $"没有理解问题中的：{string.Join("、", words)}（它们不对应查询所用表 {tables} 的字段或取值），为避免答非所问，未生成查询。"
            : $"Did not understand {string.Join(", ", words.Select(w => "'" + w + "'"))}: no column or value of the tables the query would use ({tables}) matches them, so answering would answer a different question.");
    }

    /// <summary>The question's content words that no recogniser read and that name nothing the query uses.</summary>
    internal static List<string> Uncovered(PlanContext plan)
    {
        var rest = plan.Rest.ToCharArray();
        // Over the whole question too: some phrases ("距离上次…多少天") span the terms linked inside them.
        // Words of a construct are grammar only where that construct was built ("between" of two dates, "both" of an intersection).
        var patterns = GrammarPatterns
            .Concat(plan.Model.Elapsed is null ? [] : new Func<Regex>[] { DateDifferenceWord })
            .Concat(plan.Model.Intersection ? new Func<Regex>[] { IntersectionWord } : []);
        foreach (var pattern in patterns)
            foreach (Match m in pattern().Matches(new string(rest)).Concat(pattern().Matches(plan.Text)))
                for (var i = m.Index; i < m.Index + m.Length; i++)
                    if (rest[i] != '\0') rest[i] = GrammarMark;
        var tables = PlanTables(plan);
        var schemaWords = SchemaWords(tables);
        var joins = tables.Count >= 2;
        var uncovered = new List<string>();
        foreach (Match m in ContentWord().Matches(new string(rest)))
        {
            // A word part of which was read ("cited" beside "cite", "ending" of "descending") belongs to that term.
            // Chinese runs always touch their neighbours; only English words can be parts of a read word.
            var cjk = TextNormalizer.IsCjk(m.Value[0]);
            if (!cjk && ((m.Index > 0 && rest[m.Index - 1] is '\0' or GrammarMark) || (m.Index + m.Length < rest.Length && rest[m.Index + m.Length] is '\0' or GrammarMark))) continue;
            foreach (var (word, shown) in cjk ? ChineseLeftovers(m.Value) : [(m.Value, m.Value)])
                if (!IsAskingWord(word) && !(joins && IsRelationVerb(word)) && !schemaWords.Any(s => Related(word, s))) uncovered.Add(shown);
        }
        return uncovered.Distinct().ToList();
    }

    private static bool IsAskingWord(string word) =>
        Lexicon.GrammarWords.FunctionWords.Contains(word) || Lexicon.GrammarWords.QuestionWords.Contains(word);

    /// <summary>
    /// The cores of a run of Chinese characters: what is left between its asking words and grammar characters (的, 个,
    /// 分 …), two characters or longer; each with the words as written around it, trimmed of particles (的, 是 …) at the ends.
    /// </summary>
    private static IEnumerable<(string Core, string Shown)> ChineseLeftovers(string run)
    {
        var asking = Lexicon.GrammarWords.QuestionWords.Where(w => TextNormalizer.IsCjk(w[0])).ToList();
        foreach (var w in asking.Where(w => w.Length > 1).OrderByDescending(w => w.Length)) run = run.Replace(w, " ", StringComparison.Ordinal);
        var single = asking.Where(w => w.Length == 1).Select(w => w[0]).ToArray();
        foreach (var piece in run.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            foreach (var core in piece.Split(single, StringSplitOptions.RemoveEmptyEntries).Where(c => c.Length >= 2))
                yield return (core, piece.Trim(Particles));
    }

    /// <summary>"written", "uses", "enrolled", 缴纳: a verb between two entities names the link the join follows.</summary>
    private static bool IsRelationVerb(string word) =>
        (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal)) || Lexicon.GrammarWords.RelationVerbs.Contains(word);

    private static bool Related(string word, string schemaWord)
    {
        if (word == schemaWord || word.TrimEnd('s') == schemaWord.TrimEnd('s')) return true;
        if (TextNormalizer.IsCjk(word[0])) return schemaWord.Contains(word, StringComparison.Ordinal) || (schemaWord.Length >= 2 && word.Contains(schemaWord, StringComparison.Ordinal));
        var shared = 0;
        while (shared < word.Length && shared < schemaWord.Length && word[shared] == schemaWord[shared]) shared++;
        return shared >= StemLength;
    }

    /// <summary>The tables the query reads: the fact table, those the question's terms named, those joined for a measure.</summary>
    internal static IReadOnlyList<TableModel> PlanTables(PlanContext plan) =>
        new[] { plan.Model.Fact }.Concat(plan.LinkedBy.Keys).Concat(plan.Tables).Concat(plan.Model.Outputs.Select(o => o.Table))
            .Concat(plan.Model.GroupEntity is { } g ? [g] : []).Distinct().ToList();

    /// <summary>Per table, computed once: an index is cached per catalog, so its tables are too.</summary>
    private static readonly ConditionalWeakTable<TableModel, HashSet<string>> WordsOfTable = new();

    private static List<string> SchemaWords(IEnumerable<TableModel> tables) =>
        tables.SelectMany(t => WordsOfTable.GetValue(t, TableWords)).Distinct().ToList();

    /// <summary>Table and column names split on underscores, their descriptions' words, Chinese heads and known values.</summary>
    private static HashSet<string> TableWords(TableModel t)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        AddWords(words, t.Name.Replace('_', ' '));
        AddWords(words, t.Info.Description);
        foreach (var c in t.Columns)
        {
            AddWords(words, c.Name.Replace('_', ' '));
            AddWords(words, c.Info.Description);
            if (c.Head is { } head) words.Add(head);
            foreach (var v in c.KnownValues.Take(64)) AddWords(words, v);
        }
        return words;
    }

    private static void AddWords(HashSet<string> words, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        foreach (Match m in ContentWord().Matches(TextNormalizer.Normalize(text))) words.Add(m.Value);
    }
}
