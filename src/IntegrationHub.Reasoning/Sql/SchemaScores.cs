using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>
/// How strongly one question points at each table and column: every question feature found in a table's text counts
/// its field weight (name and synonyms 3, column names 2, comments 1) times its rarity across tables (idf), so
/// "编号" or "name" in every table counts little; a stored value or a semantic-layer synonym the question contains
/// counts more.
/// </summary>
public sealed partial class SchemaScores
{
    private const double NameWeight = 3, ColumnWeight = 2, CommentWeight = 1, ValueBonus = 4, SynonymBonus = 5;

    private readonly string normalQuestion;
    private readonly Dictionary<TableInfo, double> tables = [];
    private readonly Dictionary<(TableInfo, string), double> columns = [];

    public SchemaScores(string question, DatabaseCatalog catalog, SemanticLayer? layer)
    {
        normalQuestion = TextNormalizer.Normalize(question);
        var asked = TermFeatures.Of(question);
        var docs = catalog.Tables.ToDictionary(t => t, t => Document(t, layer));
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in docs.Values.SelectMany(d => d.Keys)) df[feature] = df.GetValueOrDefault(feature) + 1;
        double Idf(string f) => Math.Log(1 + (double)catalog.Tables.Count / Math.Max(1, df.GetValueOrDefault(f)));

        foreach (var table in catalog.Tables)
        {
            var score = asked.Sum(f => docs[table].TryGetValue(f, out var w) ? w * Idf(f) : 0);
            foreach (var column in table.Columns)
            {
                var own = TermFeatures.Of(column.Name).Select(f => (f, w: ColumnWeight)).Concat(TermFeatures.Of(column.Description).Select(f => (f, w: CommentWeight)));
                var c = own.Where(x => asked.Contains(x.f)).GroupBy(x => x.f).Sum(g => g.Max(x => x.w) * Idf(g.Key));
                if (column.Values?.Any(v => v.Length >= 2 && normalQuestion.Contains(TextNormalizer.Normalize(v), StringComparison.Ordinal)) == true)
                {
                    c += ValueBonus;
                    score += ValueBonus;
                }

                columns[(table, column.Name)] = c;
            }

            tables[table] = score;
        }

        if (layer is not null) AddLayer(catalog, layer);
    }

    public double Table(TableInfo table) => tables.GetValueOrDefault(table);

    public double Column(TableInfo table, ColumnInfo column) => columns.GetValueOrDefault((table, column.Name));

    /// <summary>Whether the question contains one of <paramref name="words"/> (normalised, two characters or more).</summary>
    public bool Mentions(IEnumerable<string> words) =>
        words.Select(TextNormalizer.Normalize).Any(w => w.Length >= 2 && normalQuestion.Contains(w, StringComparison.Ordinal));

    /// <summary>Feature → the highest weight it has anywhere in the table (a word in ten columns is not ten times the evidence).</summary>
    private static Dictionary<string, double> Document(TableInfo table, SemanticLayer? layer)
    {
        var doc = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string? text, double weight)
        {
            foreach (var f in TermFeatures.Of(text)) doc[f] = Math.Max(doc.GetValueOrDefault(f), weight);
        }

        Add(table.Name, NameWeight);
        Add(table.Description, CommentWeight);
        if (layer?.TableSynonyms?.GetValueOrDefault(table.Name) is { } synonyms)
            foreach (var s in synonyms) Add(s, NameWeight);
        foreach (var c in table.Columns)
        {
            Add(c.Name, ColumnWeight);
            Add(c.Description, CommentWeight);
        }

        foreach (var c in layer?.Columns?.Where(c => c.Table.Equals(table.Name, StringComparison.OrdinalIgnoreCase)) ?? [])
            foreach (var s in c.Synonyms) Add(s, ColumnWeight);
        return doc;
    }

    /// <summary>A metric, dimension, filter or value synonym the question contains points at its table and at the tables its SQL names.</summary>
    private void AddLayer(DatabaseCatalog catalog, SemanticLayer layer)
    {
        var named = layer.Metrics.Select(m => (m.Table, Words: m.Synonyms.Append(m.Name), Sql: m.Expression + " " + m.Filter))
            .Concat(layer.Dimensions.Select(d => (d.Table, Words: d.Synonyms.Append(d.Name), Sql: d.Expression)))
            .Concat(layer.Filters.Select(f => (f.Table, Words: f.Synonyms.Append(f.Name), Sql: f.Condition)))
            .Concat((layer.Values ?? []).Select(v => (v.Table, Words: v.Synonyms.Append(v.Value), Sql: $"{v.Table}.{v.Column}")))
            .Concat((layer.Columns ?? []).Select(c => (c.Table, Words: (IEnumerable<string>)c.Synonyms, Sql: $"{c.Table}.{c.Column}")));
        foreach (var (table, words, sql) in named)
        {
            if (!Mentions(words)) continue;
            var referenced = QualifiedName().Matches(sql).Select(m => (Table: m.Groups[1].Value, Column: m.Groups[2].Value)).Append((Table: table, Column: ""));
            foreach (var (t, c) in referenced)
            {
                var info = catalog.Tables.FirstOrDefault(x => x.Name.Equals(t, StringComparison.OrdinalIgnoreCase));
                if (info is null) continue;
                tables[info] = Table(info) + SynonymBonus;
                if (c.Length > 0) columns[(info, c)] = columns.GetValueOrDefault((info, c)) + SynonymBonus;
            }
        }
    }

    [GeneratedRegex(@"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")]
    private static partial Regex QualifiedName();
}
