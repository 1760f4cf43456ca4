using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// One question being planned against one <see cref="CatalogIndex"/>: the linked question (time phrases, comparisons,
/// schema terms, grammar words), the <see cref="QueryModel"/> the construct recognisers fill in, and the row
/// conditions with their parameters. Built by linking the question; shared helpers live in the partial files.
/// </summary>
internal sealed partial class PlanContext
{
    public PlanContext(CatalogIndex index, string question, DateOnly asOf)
    {
        Index = index;
        Question = question;
        AsOf = asOf;
        Zh = question.Any(TextNormalizer.IsCjk);
        Link();
        Words = QuestionWords.Read(Rest, Text);
        Model.Descending = Words.Descending;
    }

    public CatalogIndex Index { get; }
    public string Question { get; }
    public DateOnly AsOf { get; }
    /// <summary>The question is Chinese: labels and reasons in Chinese.</summary>
    public bool Zh { get; }
    /// <summary>The normalised question.</summary>
    public string Text { get; private set; } = "";
    public TimeParse Time { get; private set; } = null!;
    public List<Comparison> Comparisons { get; private set; } = [];
    public List<Token> Tokens { get; private set; } = [];
    public Dictionary<Token, Target> Resolved { get; private set; } = [];
    /// <summary>The normalised question with time phrases, comparisons and linked terms blanked: the grammar words.</summary>
    public string Rest { get; private set; } = "";
    public QuestionWords Words { get; }
    public QueryModel Model { get; } = new();
    public Dictionary<string, object?> Params { get; } = new(StringComparer.Ordinal);
    public List<string> Conditions { get; } = [];
    public List<string> Explain { get; } = [];
    /// <summary>Tables the query must join besides those its columns name.</summary>
    public HashSet<TableModel> Tables { get; } = [];
    /// <summary>The question's words that linked to each table (named when a table cannot be joined).</summary>
    public Dictionary<TableModel, List<string>> LinkedBy { get; } = [];

    /// <summary>Time phrases first (masked), then comparisons, then schema terms; what is left is grammar.</summary>
    private void Link()
    {
        Text = TextNormalizer.Normalize(Question.Trim());
        Time = RelativeDateResolver.Parse(Text, AsOf);
        var work = Text.ToCharArray();
        foreach (var s in Time.Spans) Blank(work, s.Index, s.Length);
        Comparisons = ExtractComparisons(work);
        Tokens = Index.Match(work);
        Resolved = Resolve(Tokens);
        var rest = (char[])work.Clone();
        foreach (var t in Tokens) Blank(rest, t.Start, t.Length);
        Rest = new string(rest);
        foreach (var token in Tokens) (LinkedBy.TryGetValue(Resolved[token].Table, out var words) ? words : LinkedBy[Resolved[token].Table] = []).Add(token.Text);
    }
}
