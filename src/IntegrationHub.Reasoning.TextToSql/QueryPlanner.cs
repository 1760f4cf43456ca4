using System.Globalization;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Turns one question into SQL against one <see cref="CatalogIndex"/>. One instance per question: it links the
/// question, reads its grammar words (<see cref="QuestionWords"/>), runs the construct recognisers in order
/// (each in <c>Constructs/</c>), each filling in the one <see cref="QueryModel"/>, and renders that model.
/// </summary>
internal sealed partial class QueryPlanner(CatalogIndex ix, string question, DateOnly asOf)
{
    private readonly bool _zh = question.Any(TextNormalizer.IsCjk);
    private readonly Dictionary<string, object?> _params = new(StringComparer.Ordinal);
    private readonly List<string> _conditions = [];
    private readonly List<string> _explain = [];
    private readonly HashSet<TableModel> _tables = [];
    private readonly Dictionary<TableModel, List<string>> _linkedBy = [];
    private readonly QueryModel _model = new();
    private string _text = "";
    private TimeParse _time = null!;
    private List<Comparison> _comparisons = [];
    private List<Token> _tokens = [];
    private Dictionary<Token, Target> _resolved = [];
    private string _rest = "";
    private QuestionWords _words = null!;

    public TranslationResult Plan()
    {
        Guard();
        Link();
        _words = QuestionWords.Read(_rest, _text);
        _model.Descending = _words.Descending;
        RefuseUnlinked();
        ComparisonSubjects();
        FindTopTarget();
        AssignRoles();
        ListedNumbers();
        SuperlativeAdjective();
        NegatedLinks();
        DurationFragments();
        ChooseFact();
        GroupByKind();
        MetricComparisons();
        AveragePerRow();
        AggregateMeasures();
        LatestTime();
        OneRowPerValue();
        CountedEntity();
        RowLists();
        CountMeasure();
        RatioMeasures();
        Shares();
        Filters();
        Having();
        ChooseTimeColumn();
        TimeConditions();
        DayOfWeekCondition();
        GroupEntityColumns();
        return Render();
    }

    /// <summary>Time phrases first (masked), then comparisons, then schema terms; what is left is grammar.</summary>
    private void Link()
    {
        _text = TextNormalizer.Normalize(question.Trim());
        _time = RelativeDateResolver.Parse(_text, asOf);
        var work = _text.ToCharArray();
        foreach (var s in _time.Spans) Blank(work, s.Index, s.Length);
        _comparisons = ExtractComparisons(work);
        _tokens = ix.Match(work);
        _resolved = Resolve(_tokens);
        var rest = (char[])work.Clone();
        foreach (var t in _tokens) Blank(rest, t.Start, t.Length);
        _rest = new string(rest);
    }

    private void RefuseUnlinked()
    {
        if (_tokens.Count == 0)
            throw new TextToSqlRefusal("text-to-sql.unlinked", _zh
                ? $"问题中没有找到与数据库表、字段或取值对应的词（未能识别：{string.Join("、", Unlinked(_rest))}），无法生成查询。"
                : $"Nothing in the question matches a table, column or value of this database (not linked: {string.Join(", ", Unlinked(_rest).Select(w => "'" + w + "'"))}).");
        foreach (var token in _tokens) (_linkedBy.TryGetValue(_resolved[token].Table, out var words) ? words : _linkedBy[_resolved[token].Table] = []).Add(token.Text);
    }

    // ---- guards -----------------------------------------------------------------------------------

    private void Guard()
    {
        if (string.IsNullOrWhiteSpace(question))
            throw new TextToSqlRefusal("text-to-sql.empty", "The question is empty.");
        if (question.Length > OfflineTextToSqlEngine.MaxQuestionLength)
            throw new TextToSqlRefusal("text-to-sql.too-long", $"The question is longer than {OfflineTextToSqlEngine.MaxQuestionLength} characters.");
        var lower = question.ToLowerInvariant();
        if (WriteIntent().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.not-a-read", _zh
                ? "只能回答查询类问题，不能删除、修改或写入数据。"
                : "Only questions that read data can be answered; nothing is deleted, changed or written.");
        if (SqlText().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.sql-in-question", _zh ? "请用自然语言提问，不要直接输入 SQL。" : "Ask in words; SQL text is not accepted as a question.");
        if (Injection().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.instructions-in-question", _zh ? "问题中包含改变指令的内容，已拒绝。" : "The question tries to change the engine's instructions; refused.");
    }
}
