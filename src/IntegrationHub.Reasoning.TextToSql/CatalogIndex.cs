using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Everything the engine derives once per catalog and semantic layer: table and column models
/// (<see cref="SchemaClassifier"/>, <see cref="KeyInference"/>), the lexicon (<see cref="CatalogLexicon"/> into a
/// <see cref="TermTrie"/>) and the join graph (<see cref="JoinGraph"/>).
/// </summary>
internal sealed partial class CatalogIndex
{
    private readonly TermTrie _lexicon;
    private readonly JoinGraph _joins;

    public DatabaseCatalog Catalog { get; }
    public SemanticLayer? Layer { get; }
    public bool IsPostgres { get; }
    public List<TableModel> Tables { get; } = [];

    public CatalogIndex(DatabaseCatalog catalog, SemanticLayer? layer)
    {
        Catalog = catalog;
        Layer = layer is null ? null : PortableSql.ForCatalog(layer, catalog);
        IsPostgres = string.Equals(catalog.Dialect, SqlDialects.PostgreSql, StringComparison.OrdinalIgnoreCase);
        foreach (var t in catalog.Tables)
        {
            var tm = new TableModel(t);
            foreach (var c in t.Columns) tm.Columns.Add(SchemaClassifier.Classify(tm, c));
            Tables.Add(tm);
        }
        KeyInference.Apply(Tables, Table);
        foreach (var tm in Tables) SchemaClassifier.Describe(tm, Layer);
        _joins = new JoinGraph(Tables, Layer, Table);
        _lexicon = CatalogLexicon.Build(Tables, Layer, Table);
    }

    public TableModel? Table(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Forward maximum matching of lexicon terms over <paramref name="text"/>; '\0' marks consumed characters.</summary>
    public List<Token> Match(char[] text) => _lexicon.Match(text);

    /// <inheritdoc cref="JoinGraph.Reaches"/>
    public bool Reaches(TableModel child, TableModel parent) => _joins.Reaches(child, parent);

    /// <inheritdoc cref="JoinGraph.Path"/>
    public List<(TableModel Table, string On)>? Path(TableModel from, TableModel to) => _joins.Path(from, to);

    public int Distance(TableModel a, TableModel b) => Path(a, b)?.Count ?? 99;

    internal static string? DescriptionHead(string? description) => SchemaClassifier.DescriptionHead(description);

    public static string Q(string identifier) =>
        SimpleIdentifier().IsMatch(identifier) && !Reserved.Contains(identifier.ToLowerInvariant()) ? identifier : "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static readonly HashSet<string> Reserved = ["order", "group", "user", "select", "from", "where", "table", "limit", "offset", "desc", "asc", "end", "case", "when", "to", "by", "check", "default", "index", "key", "primary", "references", "all", "and", "or", "not", "null", "as", "in", "is", "on", "union", "window", "having", "distinct", "into", "join", "left", "right", "natural", "using", "with"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleIdentifier();
}
