using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Reasoning.Sql;

/// <summary>The part of a schema a prompt shows, rendered, and how much of the catalog it is.</summary>
public sealed record RetrievedSchema(IReadOnlyList<TableInfo> Tables, SemanticLayer? Layer, string Text, int CatalogTables);

/// <summary>
/// Chooses the tables and columns a model sees for one question, so large schemas fit a prompt: tables ranked by
/// the question's words against names, comments, stored values and the semantic layer's synonyms (rarer words weigh
/// more), then the foreign-key tables that join them, within <see cref="TextToSqlLlmOptions.MaxTables"/> and
/// <see cref="TextToSqlLlmOptions.MaxSchemaChars"/>. A schema that fits whole is shown whole.
/// </summary>
public static class SchemaRetriever
{
    private static readonly JsonSerializerOptions LayerJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static RetrievedSchema Retrieve(string question, DatabaseCatalog catalog, SemanticLayer? layer, TextToSqlLlmOptions options)
    {
        var rendered = layer is null ? null : PortableSql.ForCatalog(layer, catalog);
        var whole = Render(catalog.Tables, rendered);
        if (catalog.Tables.Count <= options.MaxTables && whole.Length <= options.MaxSchemaChars)
            return new RetrievedSchema(catalog.Tables, rendered, whole, catalog.Tables.Count);

        var scores = new SchemaScores(question, catalog, rendered);
        var chosen = new List<TableInfo>();
        var text = "";
        foreach (var table in Order(catalog, scores))
        {
            if (chosen.Count >= Math.Max(1, options.MaxTables)) break;
            var candidate = chosen.Append(Narrow(table, scores, options.MaxColumnsPerTable)).ToList();
            var candidateText = Render(candidate, Prune(rendered, candidate, scores));
            if (candidateText.Length > options.MaxSchemaChars && chosen.Count > 0) continue;
            chosen = candidate;
            text = candidateText;
        }

        return new RetrievedSchema(chosen, Prune(rendered, chosen, scores), text, catalog.Tables.Count);
    }

    /// <summary>Relevant tables by score; each followed by the tables that join it to those already chosen; then their parents.</summary>
    private static List<TableInfo> Order(DatabaseCatalog catalog, SchemaScores scores)
    {
        var byName = catalog.Tables.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var ranked = catalog.Tables.Where(t => scores.Table(t) > 0).OrderByDescending(scores.Table).ToList();
        if (ranked.Count == 0) return [.. catalog.Tables];
        var neighbours = catalog.Tables.Distinct().ToDictionary(t => t, t => Neighbours(t, catalog, byName).ToList());
        var order = new List<TableInfo>();
        foreach (var table in ranked)
        {
            if (order.Contains(table)) continue;
            order.Add(table);
            // A bridge (writes(author_id, paper_id)) is worth showing as soon as both of its ends are shown.
            foreach (var bridge in neighbours[table].Where(b => !order.Contains(b) && neighbours[b].Count(order.Contains) >= 2).ToList())
                order.Add(bridge);
        }

        foreach (var parent in order.ToList().SelectMany(t => t.ForeignKeys).Select(f => byName.GetValueOrDefault(f.ReferencedTable)).OfType<TableInfo>())
            if (!order.Contains(parent)) order.Add(parent);
        return order;
    }

    private static IEnumerable<TableInfo> Neighbours(TableInfo table, DatabaseCatalog catalog, Dictionary<string, TableInfo> byName) =>
        table.ForeignKeys.Select(f => byName.GetValueOrDefault(f.ReferencedTable)).OfType<TableInfo>()
            .Concat(catalog.Tables.Where(t => t.ForeignKeys.Any(f => f.ReferencedTable.Equals(table.Name, StringComparison.OrdinalIgnoreCase))))
            .Where(t => t != table)
            .Distinct();

    /// <summary>A wide table's keys, the question's columns, then the rest in catalog order, up to the cap.</summary>
    private static TableInfo Narrow(TableInfo table, SchemaScores scores, int maxColumns)
    {
        if (table.Columns.Count <= maxColumns) return table;
        var keys = table.PrimaryKey.Concat(table.ForeignKeys.Select(f => f.Column)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keep = table.Columns
            .Select((c, i) => (c, i, rank: keys.Contains(c.Name) ? double.MaxValue : scores.Column(table, c)))
            .OrderByDescending(x => x.rank).ThenBy(x => x.i)
            .Take(Math.Max(1, maxColumns))
            .OrderBy(x => x.i)
            .Select(x => x.c)
            .ToList();
        return table with { Columns = keep };
    }

    /// <summary>The layer's entries on the shown tables; when even those are many, only the ones the question names.</summary>
    private static SemanticLayer? Prune(SemanticLayer? layer, IReadOnlyList<TableInfo> tables, SchemaScores scores)
    {
        if (layer is null) return null;
        var shown = tables.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool On(string table) => shown.Contains(table);
        return new SemanticLayer(
            layer.Metrics.Where(m => On(m.Table)).ToList(),
            layer.Dimensions.Where(d => On(d.Table)).ToList(),
            layer.Filters.Where(f => On(f.Table) && (layer.Filters.Count <= 20 || scores.Mentions(f.Synonyms.Append(f.Name)))).ToList(),
            layer.TimeColumns?.Where(kv => On(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            layer.Joins?.Where(j => On(j.From) && On(j.To)).ToList(),
            layer.TableSynonyms?.Where(kv => On(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            layer.Columns?.Where(c => On(c.Table)).ToList(),
            layer.Values?.Where(v => On(v.Table) && scores.Mentions(v.Synonyms.Append(v.Value))).ToList());
    }

    /// <summary>The catalog as the prompt shows it: one line per table and per column, keys and comments inline.</summary>
    public static string Render(IEnumerable<TableInfo> tables, SemanticLayer? layer)
    {
        var sb = new StringBuilder();
        foreach (var t in tables)
        {
            sb.Append("  table ").Append(t.Schema is { Length: > 0 } s && s != "public" ? s + "." + t.Name : t.Name);
            if (!string.IsNullOrEmpty(t.Description)) sb.Append(" -- ").Append(t.Description);
            sb.AppendLine();
            foreach (var c in t.Columns)
            {
                sb.Append("    ").Append(c.Name).Append(' ').Append(c.DataType);
                if (t.PrimaryKey.Contains(c.Name)) sb.Append(" primary key");
                if (t.ForeignKeys.FirstOrDefault(f => f.Column == c.Name) is { } fk) sb.Append($" references {fk.ReferencedTable}({fk.ReferencedColumn})");
                if (!string.IsNullOrEmpty(c.Description)) sb.Append(" -- ").Append(c.Description);
                if (c.Values is { Count: > 0 } values) sb.Append(" values: ").Append(string.Join(", ", values.Take(20)));
                sb.AppendLine();
            }
        }

        if (layer is not null) sb.AppendLine("semantic layer: " + JsonSerializer.Serialize(layer, LayerJson));
        return sb.ToString();
    }
}
