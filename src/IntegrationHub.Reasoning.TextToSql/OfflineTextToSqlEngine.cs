using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Deterministic text-to-SQL without a model: schema linking over the catalog, its value index and the semantic
/// layer, a small intent grammar, join paths over foreign keys, relative dates from the as-of date.
/// Thread-safe; indexes are cached per catalog (source, dialect, extraction time, shape) and semantic layer.
/// </summary>
public sealed class OfflineTextToSqlEngine
{
    public const string Skill = "text-to-sql";
    public const string EngineModel = "offline-text-to-sql/1.0";
    public const int MaxQuestionLength = 1000;
    private const int MaxCachedIndexes = 64;

    private readonly ConcurrentDictionary<string, CatalogIndex> _indexes = new(StringComparer.Ordinal);

    public TextToSqlReply Translate(TextToSqlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        try
        {
            var index = IndexFor(request.Catalog, request.SemanticLayer);
            var result = new QueryPlanner(index, request.Question ?? "", request.AsOf).Plan();
            return new TextToSqlReply(result.Sql, result.Explanation, result.Parameters, Meta(watch));
        }
        catch (TextToSqlRefusal refusal)
        {
            return new TextToSqlReply(null, null, null, Meta(watch), new ContractError(refusal.Code, refusal.Message));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException or OverflowException or NullReferenceException or KeyNotFoundException)
        {
            // A question the grammar trips over gets an error reply, like any other unanswerable question.
            return new TextToSqlReply(null, null, null, Meta(watch), new ContractError("text-to-sql.failed", $"The offline engine could not translate this question ({e.GetType().Name}: {e.Message})."));
        }
    }

    private static ReasoningMeta Meta(Stopwatch watch) =>
        new(Skill, ReasoningEngines.Offline, EngineModel, 0, 0, watch.Elapsed.TotalMilliseconds);

    private CatalogIndex IndexFor(DatabaseCatalog catalog, SemanticLayer? layer)
    {
        var key = CatalogKey(catalog, layer);
        if (_indexes.TryGetValue(key, out var index)) return index;
        if (_indexes.Count >= MaxCachedIndexes) _indexes.Clear();
        return _indexes.GetOrAdd(key, _ => new CatalogIndex(catalog, layer));
    }

    /// <summary>Identity of a catalog and layer by content, so a catalog that arrived over the bus hits the cache too.</summary>
    private static string CatalogKey(DatabaseCatalog catalog, SemanticLayer? layer)
    {
        var h = new HashCode();
        foreach (var t in catalog.Tables)
        {
            h.Add(t.Name);
            h.Add(t.Description);
            foreach (var c in t.Columns)
            {
                h.Add(c.Name);
                h.Add(c.DataType);
                h.Add(c.Description);
                h.Add(c.Values?.Count ?? -1);
            }
        }
        var lh = new HashCode();
        if (layer is not null)
        {
            foreach (var m in layer.Metrics) { lh.Add(m.Name); lh.Add(m.Expression); lh.Add(m.Synonyms.Count); }
            foreach (var d in layer.Dimensions) { lh.Add(d.Name); lh.Add(d.Expression); lh.Add(d.Synonyms.Count); }
            foreach (var f in layer.Filters) { lh.Add(f.Name); lh.Add(f.Condition); lh.Add(f.Synonyms.Count); }
            lh.Add(layer.Columns?.Count ?? -1);
            lh.Add(layer.Values?.Count ?? -1);
            lh.Add(layer.TableSynonyms?.Count ?? -1);
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{catalog.Source}|{catalog.Dialect}|{catalog.ExtractedAt.UtcTicks}|{catalog.Tables.Count}|{h.ToHashCode()}|{(layer is null ? 0 : lh.ToHashCode())}");
    }
}

internal sealed class TextToSqlRefusal(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

internal sealed record TranslationResult(string Sql, string Explanation, IReadOnlyDictionary<string, object?> Parameters);
