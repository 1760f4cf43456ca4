using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>How a column holds time; <see cref="Year"/> is a whole number of the year (2021).</summary>
internal enum TimeFormat { None, Month, Date, DateTime, Year }

internal sealed class TableModel(TableInfo info)
{
    public TableInfo Info { get; } = info;
    public string Name => Info.Name;
    public List<ColumnModel> Columns { get; } = [];
    public ColumnModel? Display { get; set; }
    public ColumnModel? Category { get; set; }
    public ColumnModel? DefaultTime { get; set; }
    public string? Noun { get; set; }
    /// <summary>The column that identifies a row: the declared primary key or one inferred (<see cref="KeyInference"/>).</summary>
    public ColumnModel? Key { get; set; }
    /// <summary>Many-to-one links to other tables, declared or inferred.</summary>
    public List<ForeignLink> Links { get; } = [];

    public ColumnModel? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}

internal sealed class ColumnModel(TableModel table, ColumnInfo info)
{
    public TableModel Table { get; } = table;
    public ColumnInfo Info { get; } = info;
    public string Name => Info.Name;
    public bool IsNumeric { get; set; }
    public bool IsBoolean => Info.DataType.Contains("bool", StringComparison.OrdinalIgnoreCase);
    public bool IsKey { get; set; }
    public TimeFormat Time { get; set; }
    public bool IsTemporalType { get; set; }
    public string? Head { get; set; }

    /// <summary>The value index plus values listed in the description ("男/女").</summary>
    public IReadOnlyList<string> KnownValues { get; set; } = [];

    public override string ToString() => $"{Table.Name}.{Name}";
}

internal enum TermKind { Table, Column, Value, Metric, Dimension, Filter }

/// <summary>What a lexicon term names.</summary>
internal sealed record Target(TermKind Kind, TableModel Table, ColumnModel? Column = null, string? Value = null,
    SemanticMetric? Metric = null, SemanticDimension? Dimension = null, SemanticFilter? Filter = null, bool Derived = false)
{
    public string Key => Kind switch
    {
        TermKind.Value => $"v:{Column}={Value}",
        TermKind.Column => $"c:{Column}",
        TermKind.Table => $"t:{Table.Name}",
        TermKind.Metric => $"m:{Metric!.Name}",
        TermKind.Dimension => $"d:{Dimension!.Name}",
        _ => $"f:{Filter!.Name}",
    };
}

/// <summary>A matched term in the question.</summary>
internal sealed record Token(int Start, int Length, string Text, IReadOnlyList<Target> Targets)
{
    public int End => Start + Length;
    public Target First => Targets[0];
}

/// <summary>
/// Everything the engine derives once per catalog and semantic layer: table and column models, the lexicon
/// (a character trie over names, descriptions, values and synonyms) and the join graph.
/// </summary>
internal sealed partial class CatalogIndex
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Next;
        public List<Target>? Targets;
    }

    private readonly Node _root = new();
    private readonly Dictionary<string, List<Target>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(TableModel To, string On)>> _edges = new(StringComparer.OrdinalIgnoreCase);

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
            foreach (var c in t.Columns) tm.Columns.Add(Classify(tm, c));
            Tables.Add(tm);
        }
        KeyInference.Apply(Tables, Table);
        foreach (var tm in Tables) Describe(tm);
        BuildJoins();
        BuildLexicon();
    }

    public TableModel? Table(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    // ---- models ---------------------------------------------------------------------------------

    private static readonly string[] NumericTypes = ["int", "real", "num", "dec", "float", "double", "money"];

    private static ColumnModel Classify(TableModel table, ColumnInfo c)
    {
        var cm = new ColumnModel(table, c);
        var type = c.DataType.ToLowerInvariant();
        var name = c.Name.ToLowerInvariant();
        var desc = c.Description ?? "";
        var isFk = table.Info.ForeignKeys.Any(f => string.Equals(f.Column, c.Name, StringComparison.OrdinalIgnoreCase));
        cm.IsKey = isFk || table.Info.PrimaryKey.Contains(c.Name, StringComparer.OrdinalIgnoreCase) || name == "id" || name.EndsWith("_id");
        cm.IsTemporalType = type.Contains("date") || type.Contains("time");
        var timeName = name is "month" or "date" or "day" or "ym" or "period" || name.EndsWith("_month") || name.EndsWith("_at")
            || name.EndsWith("_on") || name.EndsWith("_date") || name.EndsWith("_time") || name.EndsWith("date") || name.EndsWith("time");
        var timeDesc = desc.Contains("日期") || desc.Contains("时间") || desc.Contains("月份") || desc.Contains("YYYY");
        if (cm.IsTemporalType || ((timeName || timeDesc) && !NumericTypes.Any(type.Contains)))
        {
            var monthly = (desc.Contains("YYYY-MM") && !desc.Contains("DD")) || name == "month" || name.EndsWith("_month") || name == "ym" || name == "period"
                || (c.Values is { Count: > 0 } v && v.All(x => MonthValue().IsMatch(x)));
            cm.Time = monthly && !type.Contains("timestamp") ? TimeFormat.Month
                : type.Contains("timestamp") || type.Contains("datetime") || desc.Contains("HH") || desc.Contains("时间") || name.EndsWith("_at") || name.EndsWith("time")
                    ? TimeFormat.DateTime : TimeFormat.Date;
        }
        if (cm.Time == TimeFormat.None && NumericTypes.Any(type.Contains) && (name == "year" || name.EndsWith("_year") || desc.StartsWith("年份") || desc.StartsWith("年度")))
            cm.Time = TimeFormat.Year;
        cm.IsNumeric = cm.Time == TimeFormat.None && !cm.IsKey && NumericTypes.Any(type.Contains);
        // English descriptions are sentences ("Last name of the student"); only a Chinese description starts with its term.
        cm.Head = desc.Any(TextNormalizer.IsCjk) ? DescriptionHead(desc) : null;
        cm.KnownValues = (c.Values ?? []).Concat(DescriptionValues(c.Description)).Distinct().ToList();
        return cm;
    }

    private void Describe(TableModel tm)
    {
        tm.Display = tm.Columns.FirstOrDefault(c => c.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
            ?? tm.Columns.FirstOrDefault(c => c.Name.EndsWith("_name", StringComparison.OrdinalIgnoreCase) && c.Time == TimeFormat.None)
            ?? tm.Columns.FirstOrDefault(c => c.Head is { } h && (h.EndsWith("名称") || h.EndsWith("户名") || h.EndsWith("姓名") || h == "名称"));
        tm.Category = tm.Columns.FirstOrDefault(c => c.Name.ToLowerInvariant() is "kind" or "type" or "category" or "class" or "level")
            ?? tm.Columns.FirstOrDefault(c => c.Name.EndsWith("_type", StringComparison.OrdinalIgnoreCase) || c.Name.EndsWith("_kind", StringComparison.OrdinalIgnoreCase) || c.Name.EndsWith("_category", StringComparison.OrdinalIgnoreCase))
            ?? tm.Columns.FirstOrDefault(c => c.Head is { } h && (h.Contains("类型") || h.Contains("类别") || h.Contains("种类") || h.Contains("分类")))
            ?? tm.Columns.FirstOrDefault(c => !c.IsKey && c.Time == TimeFormat.None && !c.IsNumeric && c.Info.Values is { Count: > 1 and <= 12 }
                && !StatusLike().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head));
        string? layerTime = null;
        if (Layer?.TimeColumns is { } tc && tc.TryGetValue(tm.Name, out var col)) layerTime = col.Contains('.') ? col[(col.IndexOf('.') + 1)..] : col;
        tm.DefaultTime = (layerTime is null ? null : tm.Column(layerTime))
            ?? tm.Columns.Where(c => c.Time != TimeFormat.None).OrderBy(c => TimePreference(c)).FirstOrDefault();
        var pk = tm.Key;
        if (pk?.Head is { } ph)
        {
            var noun = KeySuffix().Replace(ph, "");
            if (noun.Length >= 2 && noun != ph) tm.Noun = noun;
        }
    }

    private static int TimePreference(ColumnModel c)
    {
        var n = c.Name.ToLowerInvariant();
        if (n.Contains("creat") || n.Contains("start") || n.Contains("found") || n.Contains("report") || n.Contains("occur") || n == "month" || n == "date") return 0;
        if (n.Contains("end") || n.Contains("close") || n.Contains("due") || n.Contains("finish") || n.Contains("update") || n.Contains("modif")) return 2;
        return 1;
    }

    internal static string? DescriptionHead(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        var d = TextNormalizer.Normalize(description.Trim());
        var cut = d.IndexOfAny([',', ':', '(', ' ', '/', ';', '。', '，', '：', '；', '（']);
        var head = (cut > 0 ? d[..cut] : d).Trim();
        return head.Length == 0 ? null : head;
    }

    /// <summary>Values listed in a description, as in "户状态：正常/暂停/销户" or "计划停电/故障停电".</summary>
    private static IEnumerable<string> DescriptionValues(string? description)
    {
        if (string.IsNullOrWhiteSpace(description) || !description.Contains('/')) yield break;
        var d = description;
        var colon = d.IndexOfAny([':', '：']);
        if (colon >= 0) d = d[(colon + 1)..];
        var end = d.IndexOfAny([',', '，', '(', '（', ' ', ';', '；']);
        if (end > 0) d = d[..end];
        foreach (var part in d.Split('/'))
        {
            var p = part.Trim();
            if (p.Length is > 0 and <= 20) yield return p;
        }
    }

    // ---- joins ----------------------------------------------------------------------------------

    private void BuildJoins()
    {
        foreach (var t in Tables)
        {
            foreach (var link in t.Links)
                AddEdge(t, link.Parent, $"{Q(t.Name)}.{Q(link.Column.Name)} = {Q(link.Parent.Name)}.{Q(link.ParentColumn.Name)}");
        }
        foreach (var j in Layer?.Joins ?? [])
        {
            var a = Table(j.From);
            var b = Table(j.To);
            if (a is not null && b is not null) AddEdge(a, b, j.On);
        }
    }

    private void AddEdge(TableModel a, TableModel b, string on)
    {
        if (!_edges.TryGetValue(a.Name, out var la)) _edges[a.Name] = la = [];
        if (!_edges.TryGetValue(b.Name, out var lb)) _edges[b.Name] = lb = [];
        la.Add((b, on));
        lb.Add((a, on));
    }

    /// <summary>True when <paramref name="child"/> reaches <paramref name="parent"/> by following foreign keys (many-to-one).</summary>
    public bool Reaches(TableModel child, TableModel parent)
    {
        if (child == parent) return true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { child.Name };
        var queue = new Queue<TableModel>([child]);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            foreach (var link in t.Links)
            {
                var to = link.Parent;
                if (!seen.Add(to.Name)) continue;
                if (to == parent) return true;
                queue.Enqueue(to);
            }
        }
        return false;
    }

    /// <summary>Shortest join path (BFS) from <paramref name="from"/> to <paramref name="to"/>: the joins to add, in order.</summary>
    public List<(TableModel Table, string On)>? Path(TableModel from, TableModel to)
    {
        if (from == to) return [];
        var prev = new Dictionary<string, (TableModel From, string On)>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<TableModel>([from]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { from.Name };
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (!_edges.TryGetValue(t.Name, out var edges)) continue;
            // Prefer following this table's own foreign keys (many-to-one) before fanning out.
            foreach (var (next, on) in edges.OrderBy(e => t.Links.Any(l => l.Parent == e.To) ? 0 : 1))
            {
                if (!seen.Add(next.Name)) continue;
                prev[next.Name] = (t, on);
                if (next == to)
                {
                    var path = new List<(TableModel, string)>();
                    var cur = to;
                    while (cur != from)
                    {
                        var (p, o) = prev[cur.Name];
                        path.Add((cur, o));
                        cur = p;
                    }
                    path.Reverse();
                    return path;
                }
                queue.Enqueue(next);
            }
        }
        return null;
    }

    public int Distance(TableModel a, TableModel b) => Path(a, b)?.Count ?? 99;

    // ---- lexicon --------------------------------------------------------------------------------

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

    private static bool IsStopTerm(string term) => StopTerms.Contains(term) || Lexicon.GrammarWords.FunctionWords.Contains(term);

    private void BuildLexicon()
    {
        var derived = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        // Schemas that prefix every name ("sbcustomer", "sbtxprice") are linked by what follows the prefix too.
        var tablePrefix = Tables.Count >= 3 ? CommonPrefix(Tables.Select(t => t.Name)) : 0;
        foreach (var t in Tables)
        {
            var tableTarget = new Target(TermKind.Table, t);
            Add(t.Name, tableTarget);
            if (tablePrefix >= 2 && t.Name.Length - tablePrefix >= 3) Add(t.Name[tablePrefix..].Replace('_', ' '), tableTarget);
            var columnPrefix = t.Columns.Count >= 3 ? CommonPrefix(t.Columns.Select(c => c.Name)) : 0;
            if (columnPrefix >= 2)
                foreach (var c in t.Columns.Where(c => c.Name.Length - columnPrefix >= 3 && (!c.IsKey || c == t.Key)))
                    Add(c.Name[columnPrefix..].Replace('_', ' '), new Target(TermKind.Column, t, c));
            Add(t.Name.Replace('_', ' '), tableTarget);
            if (DescriptionHead(t.Info.Description) is { } th)
            {
                Add(th, tableTarget);
                var bare = TableSuffix().Replace(th, "");
                if (bare.Length >= 2 && bare != th) Add(bare, tableTarget);
            }
            if (t.Noun is not null) Add(t.Noun, tableTarget);
            foreach (var c in t.Columns)
            {
                var ct = new Target(TermKind.Column, t, c);
                if (!c.IsKey || c == t.Key)
                {
                    Add(c.Name, ct);
                    Add(c.Name.Replace('_', ' '), ct);
                    // "has_final_exam" is about a final exam; "is_active" about being active.
                    if (c.IsBoolean && BooleanPrefix().Match(c.Name.ToLowerInvariant()) is { Success: true } bp) Add(c.Name[bp.Length..].Replace('_', ' '), ct);
                    var words = c.Name.ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
                    foreach (var w in words.Where(w => w.Length >= 3)) AddTo(derived, w, ct with { Derived = true });
                    if (words.Length > 1 && words[^1] is "kwh" or "kva" or "kw" or "yuan" or "s" or "at" or "on")
                        Add(string.Join(' ', words[..^1]), ct);
                }
                if (c.Head is { } head && head.Length >= 2 && !(c.IsKey && c != t.Key))
                {
                    Add(head, ct);
                    if (head.Any(TextNormalizer.IsCjk))
                    {
                        for (var len = 2; len < head.Length; len++)
                        {
                            AddTo(derived, head[..len], ct with { Derived = true });
                            AddTo(derived, head[^len..], ct with { Derived = true });
                        }
                        foreach (var strip in new[] { "时间", "日期" })
                            if (head.EndsWith(strip) && head.Length > strip.Length + 1) Add(head[..^strip.Length], ct);
                    }
                }
                var values = c.KnownValues;
                if (c.Time == TimeFormat.None && !c.IsNumeric)
                {
                    foreach (var v in values)
                    {
                        if (v.Length == 0 || (v.Length == 1 && TextNormalizer.IsCjk(v[0])) || IsStopTerm(TextNormalizer.Normalize(v))) continue;
                        Add(v, new Target(TermKind.Value, t, c, v));
                    }
                }
            }
        }

        if (Layer is { } layer)
        {
            foreach (var (table, synonyms) in layer.TableSynonyms ?? new Dictionary<string, IReadOnlyList<string>>())
                if (Table(table) is { } t) foreach (var s in synonyms) Add(s, new Target(TermKind.Table, t));
            foreach (var sc in layer.Columns ?? [])
                if (Table(sc.Table) is { } t && t.Column(sc.Column) is { } c) foreach (var s in sc.Synonyms) Add(s, new Target(TermKind.Column, t, c));
            foreach (var sv in layer.Values ?? [])
                if (Table(sv.Table) is { } t && t.Column(sv.Column) is { } c)
                {
                    var target = new Target(TermKind.Value, t, c, sv.Value);
                    Add(sv.Value, target);
                    foreach (var s in sv.Synonyms) Add(s, target);
                }
            foreach (var m in layer.Metrics)
                if (Table(m.Table) is { } t) foreach (var s in m.Synonyms.Prepend(m.Name)) Add(s, new Target(TermKind.Metric, t, Metric: m));
            foreach (var d in layer.Dimensions)
                if (Table(d.Table) is { } t) foreach (var s in d.Synonyms.Prepend(d.Name)) Add(s, new Target(TermKind.Dimension, t, Dimension: d));
            foreach (var f in layer.Filters)
                if (Table(f.Table) is { } t) foreach (var s in f.Synonyms.Prepend(f.Name)) Add(s, new Target(TermKind.Filter, t, Filter: f));
        }

        // Parts of descriptions and names count only when they name one column (or same-named columns) and no exact term.
        foreach (var (term, targets) in derived)
        {
            if (_terms.ContainsKey(term) || IsStopTerm(term)) continue;
            var distinct = targets.DistinctBy(x => x.Key).ToList();
            if (distinct.Select(x => x.Column!.Name.ToLowerInvariant()).Distinct().Count() != 1) continue;
            foreach (var x in distinct) Add(term, x);
        }
    }

    private static void AddTo(Dictionary<string, List<Target>> map, string term, Target target)
    {
        var key = TextNormalizer.Normalize(term).Trim();
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(target);
    }

    private void Add(string term, Target target)
    {
        var key = TextNormalizer.Normalize(term).Trim();
        if (key.Length == 0 || IsStopTerm(key)) return;
        if (key.Length == 1 && !char.IsAsciiDigit(key[0])) return;
        if (!_terms.TryGetValue(key, out var list)) _terms[key] = list = [];
        if (list.Any(x => x.Key == target.Key)) return;
        // Exact (catalog or semantic-layer) meanings come before meanings derived from parts of descriptions.
        list.Add(target);
        list.Sort((a, b) => a.Derived.CompareTo(b.Derived));
        var node = _root;
        foreach (var ch in key)
        {
            node.Next ??= [];
            if (!node.Next.TryGetValue(ch, out var next)) node.Next[ch] = next = new Node();
            node = next;
        }
        node.Targets = list;
    }

    /// <summary>Forward maximum matching of lexicon terms over <paramref name="text"/>; '\0' marks consumed characters.</summary>
    public List<Token> Match(char[] text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\0' || c == ' ' || (IsWord(c) && i > 0 && IsWord(text[i - 1])))
            {
                i++;
                continue;
            }
            var node = _root;
            int bestLen = 0;
            List<Target>? best = null;
            for (var j = i; j < text.Length && node.Next is not null && node.Next.TryGetValue(text[j], out var next); j++)
            {
                node = next;
                if (node.Targets is null) continue;
                var len = j - i + 1;
                var endOk = !IsWord(text[j]) || j + 1 >= text.Length || !IsWord(text[j + 1]);
                // A longer fragment of a description does not beat a whole term ("关闭" over "关闭时" in "关闭时长").
                if (endOk && (best is null || !node.Targets.All(t => t.Derived) || best.All(t => t.Derived)))
                {
                    bestLen = len;
                    best = node.Targets;
                }
            }
            if (best is not null && best.All(t => t.Derived) && ExactAcross(text, i, bestLen))
            {
                i++;
                continue;
            }
            if (best is not null)
            {
                tokens.Add(new Token(i, bestLen, new string(text, i, bestLen), best));
                i += bestLen;
            }
            else i++;
        }
        return tokens;
    }

    /// <summary>True when an exact (not derived) term starts inside [start, start+length) and ends beyond it.</summary>
    private bool ExactAcross(char[] text, int start, int length)
    {
        for (var k = start + 1; k < start + length; k++)
        {
            var node = _root;
            for (var j = k; j < text.Length && node.Next is not null && node.Next.TryGetValue(text[j], out var next); j++)
            {
                node = next;
                if (j + 1 > start + length && node.Targets is { } targets && targets.Any(t => !t.Derived)) return true;
            }
        }
        return false;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.';

    public static string Q(string identifier) =>
        SimpleIdentifier().IsMatch(identifier) && !Reserved.Contains(identifier.ToLowerInvariant()) ? identifier : "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static readonly HashSet<string> Reserved = ["order", "group", "user", "select", "from", "where", "table", "limit", "offset", "desc", "asc", "end", "case", "when", "to", "by", "check", "default", "index", "key", "primary", "references", "all", "and", "or", "not", "null", "as", "in", "is", "on", "union", "window", "having", "distinct", "into", "join", "left", "right", "natural", "using", "with"];

    [GeneratedRegex("^(has|is|can|allow|allows)_")]
    private static partial Regex BooleanPrefix();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleIdentifier();

    [GeneratedRegex(@"status|state|result|flag|priority|level|状态|结果|标志|优先|等级")]
    private static partial Regex StatusLike();

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex MonthValue();

    [GeneratedRegex("(信息|记录|明细|台账|数据|档案|清单)?表$")]
    private static partial Regex TableSuffix();

    [GeneratedRegex("(资产)?(流水号|编号|编码|代码|号码|标识|id|ID|号)$")]
    private static partial Regex KeySuffix();
}
