using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Reads a semantic layer file (YAML, or JSON, which YAML accepts) into the <see cref="SemanticLayer"/> contract.
/// Keys are snake_case: metrics, dimensions, filters, time_columns, joins, tables, columns, values (see SemanticLayers/power-marketing.yaml).
/// </summary>
public static class SemanticLayerLoader
{
    /// <summary>The file name of the layer shipped for the demo power-marketing database.</summary>
    public const string PowerMarketingFile = "power-marketing.yaml";

    public static SemanticLayer LoadFile(string path) => Parse(File.ReadAllText(path), path);

    public static SemanticLayer Parse(string text, string? origin = null)
    {
        LayerFile file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<LayerFile?>(text) ?? new LayerFile();
        }
        catch (YamlException e)
        {
            throw new FormatException($"Semantic layer {origin ?? "(text)"} is not valid YAML/JSON at line {e.Start.Line}: {e.Message}", e);
        }
        return new SemanticLayer(
            file.Metrics.Select(m => new SemanticMetric(Required(m.Name, "metric name"), m.Synonyms, Required(m.Table, $"metric {m.Name} table"),
                Required(m.Expression, $"metric {m.Name} expression"), m.Filter, m.Unit, m.TimeColumn)).ToList(),
            file.Dimensions.Select(d => new SemanticDimension(Required(d.Name, "dimension name"), d.Synonyms, Required(d.Table, $"dimension {d.Name} table"),
                Required(d.Expression, $"dimension {d.Name} expression"))).ToList(),
            file.Filters.Select(f => new SemanticFilter(Required(f.Name, "filter name"), f.Synonyms, Required(f.Table, $"filter {f.Name} table"),
                Required(f.Condition, $"filter {f.Name} condition"))).ToList(),
            file.TimeColumns,
            file.Joins.Select(j => new SemanticJoin(Required(j.From, "join from"), Required(j.To, "join to"), Required(j.On, "join on"))).ToList(),
            file.Tables.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
            file.Columns.Select(c => new SemanticColumn(Required(c.Table, "column table"), Required(c.Column, "column name"), c.Synonyms)).ToList(),
            file.Values.Select(v => new SemanticValue(Required(v.Table, "value table"), Required(v.Column, "value column"), Required(v.Value, "value"), v.Synonyms)).ToList());
    }

    /// <summary>The layer shipped beside this assembly for <paramref name="name"/> (for example "power-marketing"), or null.</summary>
    public static SemanticLayer? LoadShipped(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SemanticLayers", name.EndsWith(".yaml", StringComparison.Ordinal) ? name : name + ".yaml");
        if (!File.Exists(path))
            path = Path.Combine(Path.GetDirectoryName(typeof(SemanticLayerLoader).Assembly.Location) ?? "", "SemanticLayers", Path.GetFileName(path));
        return File.Exists(path) ? LoadFile(path) : null;
    }

    /// <summary>True when every table and column the layer names exists in <paramref name="catalog"/>: the layer fits that database.</summary>
    public static bool Matches(SemanticLayer layer, DatabaseCatalog catalog)
    {
        bool HasTable(string t) => catalog.Tables.Any(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase));
        bool HasColumn(string t, string c) => catalog.Tables.Any(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase)
            && x.Columns.Any(y => string.Equals(y.Name, c, StringComparison.OrdinalIgnoreCase)));
        return layer.Metrics.All(m => HasTable(m.Table)) && layer.Dimensions.All(d => HasTable(d.Table)) && layer.Filters.All(f => HasTable(f.Table))
            && (layer.Columns ?? []).All(c => HasColumn(c.Table, c.Column)) && (layer.Values ?? []).All(v => HasColumn(v.Table, v.Column));
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"Semantic layer: {what} is missing.") : value;

    private sealed class LayerFile
    {
        public List<MetricEntry> Metrics { get; set; } = [];
        public List<DimensionEntry> Dimensions { get; set; } = [];
        public List<FilterEntry> Filters { get; set; } = [];
        public Dictionary<string, string> TimeColumns { get; set; } = [];
        public List<JoinEntry> Joins { get; set; } = [];
        public Dictionary<string, List<string>> Tables { get; set; } = [];
        public List<ColumnEntry> Columns { get; set; } = [];
        public List<ValueEntry> Values { get; set; } = [];
    }

    private sealed class MetricEntry
    {
        public string? Name { get; set; }
        public List<string> Synonyms { get; set; } = [];
        public string? Table { get; set; }
        public string? Expression { get; set; }
        public string? Filter { get; set; }
        public string? Unit { get; set; }
        public string? TimeColumn { get; set; }
    }

    private sealed class DimensionEntry
    {
        public string? Name { get; set; }
        public List<string> Synonyms { get; set; } = [];
        public string? Table { get; set; }
        public string? Expression { get; set; }
    }

    private sealed class FilterEntry
    {
        public string? Name { get; set; }
        public List<string> Synonyms { get; set; } = [];
        public string? Table { get; set; }
        public string? Condition { get; set; }
    }

    private sealed class JoinEntry
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? On { get; set; }
    }

    private sealed class ColumnEntry
    {
        public string? Table { get; set; }
        public string? Column { get; set; }
        public List<string> Synonyms { get; set; } = [];
    }

    private sealed class ValueEntry
    {
        public string? Table { get; set; }
        public string? Column { get; set; }
        public string? Value { get; set; }
        public List<string> Synonyms { get; set; } = [];
    }
}
