using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Builds the <see cref="TermTrie"/> of a catalog: table and column names (whole, split on underscores, after a
/// prefix every name shares), description heads and their parts, sampled and listed values, and the semantic layer's
/// synonyms, metrics, dimensions and filters.
/// </summary>
internal static partial class CatalogLexicon
{
    private static readonly HashSet<string> StopTerms = new(StringComparer.Ordinal)
    {
        "total", "sum", "count", "number", "avg", "average", "max", "min", "top", "by", "per", "each", "all", "id", "at", "on", "in", "of",
        "the", "is", "a", "an", "to", "no", "name", "date", "time", "type", "kind", "code", "value", "s", "kw", "kwh", "kva", "yuan",
        "编号", "名称", "时间", "日期", "数量", "类型", "说明", "备注", "状态", "次数", "如", "总", "号", "数",
    };

    private static int CommonPrefix(IEnumerable<string> names)
    {
        string? prefix = null;
        foreach (var n in names.Select(n => n.ToLowerInvariant()))
        {
            if (prefix is null) { prefix = n; continue; }
            var i = 0;
            while (i < prefix.Length && i < n.Length && prefix[i] == n[i]) i++;
            prefix = prefix[..i];
        }
        return prefix?.Length ?? 0;
    }

    internal static bool IsStopTerm(string term) => StopTerms.Contains(term) || Lexicon.GrammarWords.FunctionWords.Contains(term);

    public static TermTrie Build(IReadOnlyList<TableModel> tables, SemanticLayer? layer, Func<string, TableModel?> table)
    {
        var trie = new TermTrie();
        var derived = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        // Schemas that prefix every name ("sbcustomer", "sbtxprice") are linked by what follows the prefix too.
        var tablePrefix = tables.Count >= 3 ? CommonPrefix(tables.Select(t => t.Name)) : 0;
        foreach (var t in tables)
        {
            AddTable(trie, t, tablePrefix);
            foreach (var c in t.Columns) AddColumn(trie, derived, t, c);
        }
        if (layer is not null) AddLayer(trie, layer, table);

        // Parts of descriptions and names count only when they name one column (or same-named columns) and no exact term.
        foreach (var (term, targets) in derived)
        {
            if (trie.Contains(term) || IsStopTerm(term)) continue;
            var distinct = targets.DistinctBy(x => x.Key).ToList();
            if (distinct.Select(x => x.Column!.Name.ToLowerInvariant()).Distinct().Count() != 1) continue;
            foreach (var x in distinct) trie.Add(term, x);
        }
        return trie;
    }

    private static void AddTable(TermTrie trie, TableModel t, int tablePrefix)
    {
        var tableTarget = new Target(TermKind.Table, t);
        trie.Add(t.Name, tableTarget);
        if (tablePrefix >= 2 && t.Name.Length - tablePrefix >= 3) trie.Add(t.Name[tablePrefix..].Replace('_', ' '), tableTarget);
        var columnPrefix = t.Columns.Count >= 3 ? CommonPrefix(t.Columns.Select(c => c.Name)) : 0;
        if (columnPrefix >= 2)
            foreach (var c in t.Columns.Where(c => c.Name.Length - columnPrefix >= 3 && (!c.IsKey || c == t.Key)))
                trie.Add(c.Name[columnPrefix..].Replace('_', ' '), new Target(TermKind.Column, t, c));
        trie.Add(t.Name.Replace('_', ' '), tableTarget);
        if (SchemaClassifier.DescriptionHead(t.Info.Description) is { } th)
        {
            trie.Add(th, tableTarget);
            var bare = TableSuffix().Replace(th, "");
            if (bare.Length >= 2 && bare != th) trie.Add(bare, tableTarget);
        }
        if (t.Noun is not null) trie.Add(t.Noun, tableTarget);
    }

    private static void AddColumn(TermTrie trie, Dictionary<string, List<Target>> derived, TableModel t, ColumnModel c)
    {
        var ct = new Target(TermKind.Column, t, c);
        if (!c.IsKey || c == t.Key)
        {
            trie.Add(c.Name, ct);
            trie.Add(c.Name.Replace('_', ' '), ct);
            // "has_final_exam" is about a final exam; "is_active" about being active.
            if (c.IsBoolean && BooleanPrefix().Match(c.Name.ToLowerInvariant()) is { Success: true } bp) trie.Add(c.Name[bp.Length..].Replace('_', ' '), ct);
            var words = c.Name.ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
            foreach (var w in words.Where(w => w.Length >= 3)) AddTo(derived, w, ct with { Derived = true });
            if (words.Length > 1 && words[^1] is "kwh" or "kva" or "kw" or "yuan" or "s" or "at" or "on")
                trie.Add(string.Join(' ', words[..^1]), ct);
        }
        if (c.Head is { } head && head.Length >= 2 && !(c.IsKey && c != t.Key))
        {
            trie.Add(head, ct);
            if (head.Any(TextNormalizer.IsCjk))
            {
                for (var len = 2; len < head.Length; len++)
                {
                    AddTo(derived, head[..len], ct with { Derived = true });
                    AddTo(derived, head[^len..], ct with { Derived = true });
                }
                foreach (var strip in new[] { "时间", "日期" })
                    if (head.EndsWith(strip) && head.Length > strip.Length + 1) trie.Add(head[..^strip.Length], ct);
            }
        }
        if (c.Time != TimeFormat.None || c.IsNumeric) return;
        foreach (var v in c.KnownValues)
        {
            if (v.Length == 0 || (v.Length == 1 && TextNormalizer.IsCjk(v[0])) || IsStopTerm(TextNormalizer.Normalize(v))) continue;
            trie.Add(v, new Target(TermKind.Value, t, c, v));
        }
    }

    private static void AddLayer(TermTrie trie, SemanticLayer layer, Func<string, TableModel?> table)
    {
        foreach (var (name, synonyms) in layer.TableSynonyms ?? new Dictionary<string, IReadOnlyList<string>>())
            if (table(name) is { } t) foreach (var s in synonyms) trie.Add(s, new Target(TermKind.Table, t));
        foreach (var sc in layer.Columns ?? [])
            if (table(sc.Table) is { } t && t.Column(sc.Column) is { } c) foreach (var s in sc.Synonyms) trie.Add(s, new Target(TermKind.Column, t, c));
        foreach (var sv in layer.Values ?? [])
            if (table(sv.Table) is { } t && t.Column(sv.Column) is { } c)
            {
                var target = new Target(TermKind.Value, t, c, sv.Value);
                trie.Add(sv.Value, target);
                foreach (var s in sv.Synonyms) trie.Add(s, target);
            }
        foreach (var m in layer.Metrics)
            if (table(m.Table) is { } t) foreach (var s in m.Synonyms.Prepend(m.Name)) trie.Add(s, new Target(TermKind.Metric, t, Metric: m));
        foreach (var d in layer.Dimensions)
            if (table(d.Table) is { } t) foreach (var s in d.Synonyms.Prepend(d.Name)) trie.Add(s, new Target(TermKind.Dimension, t, Dimension: d));
        foreach (var f in layer.Filters)
            if (table(f.Table) is { } t) foreach (var s in f.Synonyms.Prepend(f.Name)) trie.Add(s, new Target(TermKind.Filter, t, Filter: f));
    }

    private static void AddTo(Dictionary<string, List<Target>> map, string term, Target target)
    {
        var key = TextNormalizer.Normalize(term).Trim();
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(target);
    }

    [GeneratedRegex("^(has|is|can|allow|allows)_")]
    private static partial Regex BooleanPrefix();

    [GeneratedRegex("(信息|记录|明细|台账|数据|档案|清单)?表$")]
    private static partial Regex TableSuffix();
}
