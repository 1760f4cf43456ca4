using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Turns one question into SQL against one <see cref="CatalogIndex"/>. One instance per question.</summary>
internal sealed partial class QueryPlanner(CatalogIndex ix, string question, DateOnly asOf)
{
    private sealed record Measure(string Sql, string Label, ColumnModel? Column = null, bool IsCount = false, bool Aggregated = true);

    private sealed record GroupItem(string Sql, string Label, bool IsTime = false, ColumnModel? Column = null);

    private sealed record Comparison(int Index, int Length, string Op, double Value, bool CountUnit)
    {
        public Token? Subject { get; set; }
    }

    private enum Agg { None, Sum, Avg, Max, Min, Count }

    private readonly bool _zh = question.Any(TextNormalizer.IsCjk);
    private readonly Dictionary<string, object?> _params = new(StringComparer.Ordinal);
    private readonly List<string> _conditions = [];
    private readonly List<string> _explain = [];
    private readonly HashSet<TableModel> _tables = [];
    private readonly Dictionary<TableModel, List<string>> _linkedBy = [];
    private string _text = "";

    public TranslationResult Plan()
    {
        Guard();
        _text = TextNormalizer.Normalize(question.Trim());
        var time = RelativeDateResolver.Parse(_text, asOf);
        var work = _text.ToCharArray();
        foreach (var s in time.Spans) Blank(work, s.Index, s.Length);
        var comparisons = ExtractComparisons(work);
        var tokens = ix.Match(work);
        var resolved = Resolve(tokens);
        var rest = (char[])work.Clone();
        foreach (var t in tokens) Blank(rest, t.Start, t.Length);
        var restText = new string(rest);

        // ---- grammar words outside linked terms -----------------------------------------------
        var topN = TopN().Match(restText) is { Success: true } tm ? tm : TopNAfter().Match(restText) is { Success: true } tm2 ? tm2 : null;
        int? limit = topN is null ? null : int.Parse(topN.Groups["n"].Value, CultureInfo.InvariantCulture);
        // "ordered from highest to lowest" orders; it does not ask for the highest one.
        var superlative = Superlative().Match(OrderPhrase().Replace(restText, m => new string(' ', m.Length)));
        bool? descending = null;
        if (topN is not null) descending = !Ascending().IsMatch(topN.Value);
        else if (superlative.Success) descending = !Ascending().IsMatch(superlative.Value);
        if (OrderDesc().IsMatch(restText)) descending = true;
        else if (OrderAsc().IsMatch(restText)) descending = false;
        var explicitOrder = OrderDesc().IsMatch(restText) || OrderAsc().IsMatch(restText);
        var agg = AvgWord().IsMatch(restText) ? Agg.Avg : Agg.None;
        var listMode = ListWord().IsMatch(restText);
        var countWord = CountWord().IsMatch(restText);
        var whichWord = WhichWord().Match(restText);

        if (tokens.Count == 0)
            throw new TextToSqlRefusal("text-to-sql.unlinked", _zh
                ? $"问题中没有找到与数据库表、字段或取值对应的词（未能识别：{string.Join("、", Unlinked(restText))}），无法生成查询。"
                : $"Nothing in the question matches a table, column or value of this database (not linked: {string.Join(", ", Unlinked(restText).Select(w => "'" + w + "'"))}).");
        foreach (var token in tokens) (_linkedBy.TryGetValue(resolved[token].Table, out var words) ? words : _linkedBy[resolved[token].Table] = []).Add(token.Text);


        // ---- roles -------------------------------------------------------------------------------
        var measures = new List<Measure>();
        var groups = new List<GroupItem>();
        var outputs = new List<ColumnModel>();
        var mentioned = new List<TableModel>();
        var explicitTables = new List<(Token Token, TableModel Table)>();
        var valueFilters = new List<(ColumnModel Column, string Value)>();
        var filters = new List<SemanticFilter>();
        var metrics = new List<SemanticMetric>();
        var numericColumns = new List<(Token Token, ColumnModel Column)>();
        ColumnModel? timeHint = null;
        var negated = new List<(ColumnModel Column, string Value)>();
        var booleans = new List<(ColumnModel Column, bool Value)>();
        (string Sql, string Label)? countDistinct = null;
        TableModel? groupEntity = null;
        TableModel? topTargetTable = null;
        var listStart = ListStart().Match(_text) is { Success: true } ls ? ls.Index : int.MaxValue;

        foreach (var c in comparisons)
            c.Subject = tokens.LastOrDefault(t => t.End <= c.Index && Gap(t.End, c.Index).Trim().Trim('的', '在', '为', '是', '达', '都').Length == 0);

        Token? topTarget = null;
        if (topN is not null)
            topTarget = EntityAfter(tokens, resolved, topN.Index + topN.Length, 3);
        if (topTarget is null && topN is null && whichWord.Success)
            topTarget = tokens.FirstOrDefault(t => t.Start >= whichWord.Index + whichWord.Length && t.Start - (whichWord.Index + whichWord.Length) <= 2)
                ?? tokens.LastOrDefault(t => t.End <= whichWord.Index && Gap(t.End, whichWord.Index).Trim().Trim('是', '为', '在', '的').Length == 0
                    && resolved[t].Kind is TermKind.Table or TermKind.Dimension);
        if (topTarget is null && topN is null && superlative.Success)
        {
            var after = superlative.Index + superlative.Length;
            topTarget = tokens.FirstOrDefault(t => t.Start >= after && Gap(after, t.Start).Trim().Trim('的', '是', '一', '个', '家', '位').Length == 0
                && resolved[t].Kind is TermKind.Table or TermKind.Dimension or TermKind.Column && !(resolved[t].Column?.IsNumeric ?? false));
        }

        Token? previous = null;
        var previousWasGroup = false;
        foreach (var token in tokens)
        {
            var target = resolved[token];
            var marker = GroupMarker(token.Start);
            var isGroup = marker == 1 || (previousWasGroup && previous is not null && Conjunction().IsMatch(Gap(previous.End, token.Start)));
            var kindGroup = marker == 2;
            var subjectOfComparison = comparisons.Any(c => c.Subject == token);
            var isTopTarget = token == topTarget;
            previousWasGroup = false;
            switch (target.Kind)
            {
                case TermKind.Metric:
                    metrics.Add(target.Metric!);
                    break;
                case TermKind.Filter:
                    filters.Add(target.Filter!);
                    break;
                case TermKind.Value:
                    if (Negation().IsMatch(_text[..token.Start])) negated.Add((target.Column!, target.Value!));
                    else valueFilters.Add((target.Column!, target.Value!));
                    break;
                case TermKind.Dimension:
                {
                    var d = target.Dimension!;
                    if (!isGroup && IsCounted(token))
                    {
                        countDistinct ??= (d.Expression, d.Name);
                        mentioned.Add(target.Table);
                        break;
                    }
                    groups.Add(new GroupItem(d.Expression, d.Name));
                    previousWasGroup = true;
                    break;
                }
                case TermKind.Column:
                {
                    var col = target.Column!;
                    if (SingleCharValue(col, token) is { } single)
                    {
                        valueFilters.Add((col, single));
                        break;
                    }
                    if (col.IsBoolean && !isGroup)
                    {
                        booleans.Add((col, !BooleanNegation().IsMatch(_text[Math.Max(0, token.Start - 24)..token.Start])));
                        break;
                    }
                    if (subjectOfComparison && (col.IsNumeric || col.Time == TimeFormat.None)) break;
                    if (col.Time != TimeFormat.None && !isGroup)
                    {
                        timeHint ??= col;
                        break;
                    }
                    if (!isGroup && !col.IsNumeric && !col.IsKey && IsCounted(token))
                    {
                        countDistinct ??= (Col(col), col.Head ?? col.Name);
                        mentioned.Add(col.Table);
                        break;
                    }
                    if (isGroup || isTopTarget || (kindGroup && !col.IsNumeric))
                    {
                        if (col.IsNumeric && !isGroup) { numericColumns.Add((token, col)); break; }
                        groups.Add(new GroupItem(Col(col), col.Name, Column: col));
                        previousWasGroup = true;
                        break;
                    }
                    if (col.IsNumeric && token.Start < listStart)
                    {
                        numericColumns.Add((token, col));
                        break;
                    }
                    if (token.Start >= listStart || listMode) outputs.Add(col);
                    else if (!col.IsKey && col.Table.Display != col) { groups.Add(new GroupItem(Col(col), col.Name, Column: col)); previousWasGroup = true; }
                    else outputs.Add(col);
                    break;
                }
                case TermKind.Table:
                {
                    var t = target.Table;
                    if (token.Start > 0 && TextNormalizer.IsCjk(_text[token.Start - 1])
                        && t.Columns.Where(c => c.Time == TimeFormat.None && c.KnownValues.Contains(_text[token.Start - 1].ToString())).ToList() is [var singleColumn])
                        valueFilters.Add((singleColumn, _text[token.Start - 1].ToString()));
                    if (kindGroup && t.Category is { } cat)
                    {
                        groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
                        mentioned.Add(t);
                        explicitTables.Add((token, t));
                        break;
                    }
                    if (isTopTarget || (isGroup && groupEntity is null && !CountAfter().IsMatch(Gap(token.End, Math.Min(_text.Length, token.End + 8))) && !CountWordAfter().IsMatch(Gap(token.End, Math.Min(_text.Length, token.End + 8)))))
                    {
                        groupEntity ??= t;
                        if (isTopTarget) topTargetTable = t;
                        previousWasGroup = true;
                        break;
                    }
                    mentioned.Add(t);
                    explicitTables.Add((token, t));
                    break;
                }
            }
            previous = token;
        }

        var genericGroup = GenericGroup().Match(restText);

        // "what are the names and areas of the lakes": numbers asked for are listed, not summed.
        var plainList = listMode && !countWord && agg == Agg.None && topN is null && !superlative.Success && metrics.Count == 0
            && !AggWord().IsMatch(restText) && !ShareWord().IsMatch(restText);
        if (plainList)
        {
            outputs.AddRange(numericColumns.Select(n => n.Column));
            numericColumns.Clear();
        }

        // "the longest rivers" / "最长的隧道": the adjective names the column when no number column is named.
        if (numericColumns.Count == 0 && metrics.Count == 0 && topTargetTable is not null && Lexicon.SuperlativeWords.Find(restText) is { } adjective
            && Lexicon.SuperlativeWords.ColumnFor(adjective, [topTargetTable]) is { } adjectiveColumn)
        {
            var token = new Token(adjective.Index, adjective.Length, _text.Substring(adjective.Index, adjective.Length), [new Target(TermKind.Column, adjectiveColumn.Table, adjectiveColumn)]);
            resolved[token] = token.First;
            numericColumns.Add((token, adjectiveColumn));
            if (!explicitOrder) descending = adjective.Descending;
        }

        // "authors not part of any organization" / "没有所属线路的车站": the link to that table is empty.
        foreach (var (token, table) in explicitTables.ToList())
        {
            if (!BooleanNegation().IsMatch(_text[Math.Max(0, token.Start - 24)..token.Start])) continue;
            var holder = explicitTables.Select(e => e.Table).Append(groupEntity).Append(topTargetTable).OfType<TableModel>()
                .FirstOrDefault(t => t != table && t.Links.Any(l => l.Parent == table));
            if (holder is null) continue;
            AddCondition($"{Col(holder.Links.First(l => l.Parent == table).Column)} IS NULL");
            explicitTables.RemoveAll(e => e.Token == token);
            mentioned.Remove(table);
        }

        // "处理时长": a fragment of "处理费用" before a duration word is about the duration, not the amount.
        numericColumns.RemoveAll(n => resolved[n.Token].Derived && DurationWord().IsMatch(Gap(n.Token.End, Math.Min(_text.Length, n.Token.End + 2))));

        // ---- fact table ---------------------------------------------------------------------------
        var candidates = new List<TableModel>();
        candidates.AddRange(metrics.Select(m => ix.Table(m.Table)!));
        candidates.AddRange(numericColumns.Select(n => n.Column.Table));
        candidates.AddRange(valueFilters.Concat(negated).Select(v => v.Column.Table));
        candidates.AddRange(filters.Select(f => ix.Table(f.Table)!));
        candidates.AddRange(booleans.Select(b => b.Column.Table));
        candidates.AddRange(comparisons.Where(c => c.Subject is not null && resolved[c.Subject].Column is { }).Select(c => resolved[c.Subject!].Table));
        candidates.AddRange(mentioned);
        candidates.AddRange(groups.SelectMany(g => TablesIn(g.Sql)));
        candidates.AddRange(outputs.Select(o => o.Table));
        if (groupEntity is not null) candidates.Add(groupEntity);
        // A time word ("新增", "created") names the table only when nothing else does.
        if (timeHint is not null && (candidates.Count == 0 || candidates.Contains(timeHint.Table))) candidates.Add(timeHint.Table);
        candidates = candidates.Distinct().ToList();
        if (candidates.Count == 0)
            throw new TextToSqlRefusal("text-to-sql.unlinked", _zh ? "无法确定问题针对哪张表。" : "Could not tell which table the question is about.");

        TableModel fact;
        if (metrics.Count > 0) fact = ix.Table(metrics[0].Table)!;
        else if (numericColumns.Count > 0 && !(listMode && !countWord && agg == Agg.None && topN is null && !superlative.Success && !AggWord().IsMatch(restText)))
            fact = numericColumns[0].Column.Table;
        else fact = MostSpecific(candidates, explicitTables.Select(e => e.Table).ToList());

        if (genericGroup.Success)
        {
            var word = genericGroup.Groups["w"].Value;
            var col = word is "状态" or "status" or "state"
                ? fact.Columns.FirstOrDefault(c => c.Name.Contains("status", StringComparison.OrdinalIgnoreCase) || c.Name.Contains("state", StringComparison.OrdinalIgnoreCase) || (c.Head?.Contains("状态") ?? false))
                : fact.Category;
            if (col is not null) groups.Add(new GroupItem(Col(col), col.Name, Column: col));
        }

        // A metric compared with a number and nothing to group by filters rows: "评分低于3分的回访有多少".
        foreach (var c in comparisons)
        {
            if (c.CountUnit || c.Subject is null || resolved[c.Subject].Metric is not { } cm || groups.Count > 0 || groupEntity is not null) continue;
            if (explicitTables.Any(e => e.Table != ix.Table(cm.Table))) continue;
            if (MetricColumn().Match(cm.Expression) is not { Success: true } mc || ix.Table(mc.Groups["t"].Value)?.Column(mc.Groups["c"].Value) is not { } column) continue;
            metrics.Remove(cm);
            c.Subject = new Token(c.Subject.Start, c.Subject.Length, c.Subject.Text, [new Target(TermKind.Column, column.Table, column)]);
            resolved[c.Subject] = c.Subject.First;
        }

        // "平均每个缺陷的整改费用": "each row of the fact table" is not a grouping.
        if (groupEntity == fact && topTargetTable != fact && agg == Agg.Avg) groupEntity = null;

        // ---- measures -----------------------------------------------------------------------------
        var superAgg = superlative.Success && topTarget is null && groups.Count == 0 && groupEntity is null && topN is null
            ? (Ascending().IsMatch(superlative.Value) ? Agg.Min : Agg.Max) : Agg.None;
        var wantAgg = agg != Agg.None ? agg : superAgg;
        var sumWanted = AggWord().IsMatch(restText);
        foreach (var m in metrics)
        {
            var parts = SplitTopLevel(m.Expression);
            for (var i = 0; i < parts.Count; i++)
            {
                var a = wantAgg != Agg.None ? wantAgg : sumWanted && OuterAggregate().Match(parts[i]) is { Success: true } om && om.Groups[1].Value.Equals("AVG", StringComparison.OrdinalIgnoreCase) ? Agg.Sum : Agg.None;
                var sql = a != Agg.None ? ReplaceOuterAggregate(parts[i], a) : parts[i];
                measures.Add(new Measure(sql, MetricLabel(m, a) + (parts.Count > 1 ? "_" + (i + 1).ToString(CultureInfo.InvariantCulture) : "")));
            }
            if (!string.IsNullOrWhiteSpace(m.Filter)) AddCondition(m.Filter!);
        }
        foreach (var (token, col) in numericColumns)
        {
            if (metrics.Count > 0 && col.Table != fact) continue;
            var a = wantAgg != Agg.None ? wantAgg : Agg.Sum;
            measures.Add(new Measure($"{AggName(a)}({Col(col)})", $"{AggLabel(a)}{(col.Head ?? col.Name)}", col));
        }
        measures = measures.DistinctBy(m => m.Sql).ToList();
        if (measures.Count == 0 && DurationWord().IsMatch(restText) && DurationOf(fact, restText) is { } duration)
        {
            var a = wantAgg != Agg.None ? wantAgg : sumWanted ? Agg.Sum : Agg.Avg;
            measures.Add(new Measure($"{AggName(a)}({duration.Sql})", AggLabel(a) + duration.Label));
        }

        // "最近一次停电的时间" / "when was the latest outage": the latest (earliest) time.
        if (measures.Count == 0 && LatestWord().Match(restText) is { Success: true } latest && WhenWord().IsMatch(restText)
            && (timeHint?.Table == fact ? timeHint : fact.DefaultTime) is { } whenColumn)
        {
            var earliest = latest.Value.Contains('早') || latest.Value.Contains("first") || latest.Value.Contains("earliest");
            measures.Add(new Measure($"{(earliest ? "MIN" : "MAX")}({Col(whenColumn)})", (earliest ? (_zh ? "最早" : "earliest_") : (_zh ? "最近" : "latest_")) + (whenColumn.Head ?? whenColumn.Name)));
        }

        // "杭州和宁波的用电量分别是多少": one row per named value.
        if (Respectively().IsMatch(restText))
            foreach (var multi in valueFilters.GroupBy(v => v.Column).Where(g => g.Select(v => v.Value).Distinct().Count() > 1))
                groups.Add(new GroupItem(Col(multi.Key), multi.Key.Name, Column: multi.Key));

        // "逾期未缴电费的客户有多少户": the entity counted after the amounts that describe it.
        if (countWord && measures.Count > 0 && comparisons.Count == 0 && groups.Count == 0 && groupEntity is null
            && CountSubject(explicitTables, fact) is { } counted && counted != fact && counted.Key is not null
            && explicitTables.First(e => e.Table == counted).Token.Start > tokens.Where(t => resolved[t].Kind is TermKind.Metric || (resolved[t].Column?.IsNumeric ?? false)).Select(t => t.Start).DefaultIfEmpty(int.MaxValue).Max())
        {
            measures = [new Measure($"COUNT(DISTINCT {Col(counted.Key!)})", _zh ? "数量" : "count", IsCount: true)];
            _tables.Add(counted);
        }

        // A list ("which customers …") of rows, not an aggregate.
        var rowList = listMode && measures.Count == 0 && !countWord && groups.Count == 0 && groupEntity is null
            && !comparisons.Any(c => c.CountUnit) && topN is null;
        var topRows = (topN is not null || superlative.Success) && topTargetTable is not null && topTargetTable == fact && numericColumns.Count > 0 && metrics.Count == 0;
        // "the title of the publication with the highest number of citations": the row with the largest value, its asked columns.
        if (!topRows && superlative.Success && topTarget is null && topN is null && numericColumns.Count == 1 && metrics.Count == 0 && groupEntity is null
            && numericColumns[0].Token.Start > superlative.Index && numericColumns[0].Column.Table == fact && !GroupWord().IsMatch(restText)
            && groups.All(g => g.Column is { } gc && gc.Table == fact))
        {
            outputs.AddRange(groups.Select(g => g.Column!));
            groups.Clear();
            topRows = true;
        }
        if (topRows)
        {
            rowList = true;
            measures = measures.Select(m => m with { Sql = Col(m.Column!), Aggregated = false }).Where(m => m.Column is not null).ToList();
            groupEntity = null;
        }

        if (measures.Count == 0 && !rowList)
        {
            var subject = comparisons.Any(c => c.CountUnit) ? null : CountSubject(explicitTables, fact);
            var countSql = countDistinct is { } cd ? $"COUNT(DISTINCT {cd.Sql})"
                : subject is not null && subject != fact && subject.Key is not null
                ? $"COUNT(DISTINCT {Col(subject.Key!)})" : "COUNT(*)";
            if (subject is not null && subject != fact) _tables.Add(subject);
            measures.Add(new Measure(countSql, _zh ? "数量" : "count", IsCount: true));
        }

        if (RatioWord().IsMatch(restText) && !rowList && Ratio(measures, valueFilters, booleans, countWord ? CountWord().Match(restText).Index : -1) is { } ratio) measures = ratio;

        // ---- shares: "居民用户占比", "各渠道缴费金额占比" -------------------------------------------
        if (ShareWord().IsMatch(restText) && !rowList && measures.Count > 0 && comparisons.Count == 0)
        {
            var m = measures[0];
            var inner = OuterSum().Match(m.Sql);
            if (groups.Count > 0 || groupEntity is not null)
            {
                measures.Insert(0, new Measure($"{m.Sql} * 1.0 / SUM({m.Sql}) OVER ()", (_zh ? "占比" : "share")));
            }
            else if (valueFilters.Count > 0 && (m.IsCount || inner.Success))
            {
                var (col, value) = valueFilters[^1];
                valueFilters.RemoveAt(valueFilters.Count - 1);
                var p = Param(value);
                var sql = m.IsCount
                    ? $"1.0 * SUM(CASE WHEN {Col(col)} = {p} THEN 1 ELSE 0 END) / COUNT(*)"
                    : $"SUM(CASE WHEN {Col(col)} = {p} THEN {inner.Groups[1].Value} ELSE 0 END) * 1.0 / SUM({inner.Groups[1].Value})";
                measures = [new Measure(sql, (_zh ? "占比" : "share"))];
                _tables.Add(col.Table);
            }
        }

        // ---- filters ------------------------------------------------------------------------------
        foreach (var f in filters) AddCondition(f.Condition);
        foreach (var (col, value) in booleans.Distinct()) AddCondition(BooleanCondition(col, value));
        foreach (var byColumn in valueFilters.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            var col = byColumn.Key;
            if (values.Count == 1) AddCondition($"{Col(col)} = {Param(values[0])}");
            else AddCondition($"{Col(col)} IN ({string.Join(", ", values.Select(Param))})");
        }
        foreach (var byColumn in negated.GroupBy(v => v.Column))
        {
            var values = byColumn.Select(v => v.Value).Distinct().ToList();
            AddCondition($"{Col(byColumn.Key)} NOT IN ({string.Join(", ", values.Select(Param))})");
        }
        string? having = null;
        var countGroups = false;
        foreach (var c in comparisons)
        {
            var subjectTarget = c.Subject is null ? null : resolved[c.Subject];
            if (!c.CountUnit && subjectTarget?.Column is { } sc)
            {
                AddCondition($"{Col(sc)} {c.Op} {Param(c.Value)}");
                continue;
            }
            var aggregate = !c.CountUnit && subjectTarget?.Kind == TermKind.Metric
                ? measures.FirstOrDefault(m => m.Aggregated)?.Sql ?? "COUNT(*)"
                : measures.FirstOrDefault(m => m.IsCount)?.Sql ?? "COUNT(*)";
            if (!measures.Any(m => m.Sql == aggregate)) measures.Add(new Measure(aggregate, _zh ? "数量" : "count", IsCount: true));
            having = $"{aggregate} {c.Op} {Param(c.Value)}";
            if (groups.Count == 0 && groupEntity is null)
            {
                var entity = explicitTables.LastOrDefault(e => e.Table != fact);
                if (entity.Table is not null)
                {
                    groupEntity = entity.Table;
                    countGroups = IsCounted(entity.Token);
                }
            }
        }

        // ---- time ---------------------------------------------------------------------------------
        ColumnModel? timeColumn = null;
        if (time.Range is not null || time.GroupBy is not null || time.Comparison != TimeComparison.None)
        {
            timeColumn = timeHint is not null && (timeHint.Table == fact || ix.Reaches(fact, timeHint.Table)) ? timeHint : null;
            if (timeColumn is null && metrics.FirstOrDefault()?.TimeColumn is { } mtc) timeColumn = ColumnByName(mtc, fact);
            timeColumn ??= fact.DefaultTime ?? timeHint;
            timeColumn ??= candidates.Select(t => t.DefaultTime).FirstOrDefault(c => c is not null);
            if (timeColumn is null)
                throw new TextToSqlRefusal("text-to-sql.no-time-column", _zh
                    ? $"问题带有时间条件，但表 {fact.Name} 没有可用的时间字段。"
                    : $"The question has a time condition but table {fact.Name} has no date column.");
        }
        var comparison = time.Comparison;
        if (comparison != TimeComparison.None)
        {
            var current = time.Range ?? LastMonth();
            if (current.EndExclusive > asOf.AddDays(1) || (comparison == TimeComparison.YearOverYear && current.EndExclusive > asOf && current.Start.Year == asOf.Year && current.EndExclusive.Year > asOf.Year))
            {
                var monthStart = new DateOnly(asOf.Year, asOf.Month, 1);
                if (monthStart > current.Start) current = current with { EndExclusive = monthStart };
            }
            var prior = comparison == TimeComparison.YearOverYear ? current.ShiftYears(-1) : current.Previous();
            var curCond = TimeCondition(timeColumn!, current);
            var prevCond = TimeCondition(timeColumn!, prior);
            AddCondition($"(({curCond}) OR ({prevCond}))");
            measures = measures.SelectMany(m =>
            {
                var cur = Conditional(m.Sql, curCond);
                var prev = Conditional(m.Sql, prevCond);
                var label = m.Label + (_zh ? (comparison == TimeComparison.YearOverYear ? "同比增长率" : "环比增长率") : (comparison == TimeComparison.YearOverYear ? "_yoy_growth" : "_growth"));
                return new[]
                {
                    new Measure($"(({cur}) - ({prev})) * 1.0 / NULLIF({prev}, 0)", label),
                    new Measure(cur, m.Label + (_zh ? "_本期" : "_current")),
                    new Measure(prev, m.Label + (_zh ? (comparison == TimeComparison.YearOverYear ? "_去年同期" : "_上期") : "_previous")),
                };
            }).ToList();
            _explain.Add(_zh ? $"对比 {Describe(current)} 与 {Describe(prior)}" : $"comparing {Describe(current)} with {Describe(prior)}");
        }
        else if (time.Range is { } range)
        {
            AddCondition(TimeCondition(timeColumn!, range));
            _explain.Add(_zh ? $"时间 {Describe(range)}（{timeColumn!.Table.Name}.{timeColumn.Name}）" : $"time {Describe(range)} on {timeColumn!.Table.Name}.{timeColumn.Name}");
        }
        if (time.GroupBy is { } grain)
            groups.Insert(0, new GroupItem(GrainExpression(timeColumn!, grain), grain.ToString().ToLowerInvariant(), IsTime: true));

        if (groupEntity is not null)
        {
            if (groupEntity.Key is { } pkColumn) groups.Add(new GroupItem(Col(pkColumn), pkColumn.Name, Column: pkColumn));
            if (groupEntity.Display is { } disp) groups.Add(new GroupItem(Col(disp), disp.Name, Column: disp));
            if (groups.Count == 0 && groupEntity.Category is { } cat) groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
        }
        groups = groups.DistinctBy(g => g.Sql).ToList();

        // ---- assemble -----------------------------------------------------------------------------
        _tables.Add(fact);
        foreach (var m in measures) foreach (var t in TablesIn(m.Sql)) _tables.Add(t);
        foreach (var g in groups) foreach (var t in TablesIn(g.Sql)) _tables.Add(t);
        foreach (var c in _conditions) foreach (var t in TablesIn(c)) _tables.Add(t);
        foreach (var o in outputs) _tables.Add(o.Table);
        var from = BuildFrom(fact);

        var select = new List<string>();
        var sb = new StringBuilder("SELECT ");
        if (rowList)
        {
            var cols = outputs.Distinct().ToList();
            // Asked-for columns come with the name of the row they describe ("the areas of the lakes" → lake name, area).
            if (cols.Count > 0 && cols.All(c => c.Table == fact && c != fact.Display) && fact.Display is { } rowName) cols.Insert(0, rowName);
            if (cols.Count == 0)
            {
                var entity = explicitTables.Select(e => e.Table).FirstOrDefault() ?? fact;
                if (entity.Key is { } pk) cols.Add(pk);
                if (entity.Display is { } d) cols.Add(d);
                else
                {
                    if (entity.Category is { } kind) cols.Add(kind);
                    if (entity.DefaultTime is { } when) cols.Add(when);
                }
                if (cols.Count == 0) cols.AddRange(entity.Columns.Take(4));
                foreach (var c in cols) _tables.Add(c.Table);
                from = BuildFrom(fact);
            }
            select.AddRange(cols.Select(Col));
            select.AddRange(measures.Where(m => m.Column is not null && !cols.Contains(m.Column)).Select(m => Col(m.Column!)));
        }
        else
        {
            select.AddRange(groups.Select(g => g.IsTime || g.Column is null ? $"{g.Sql} AS {Alias(g.Label)}" : g.Sql));
            foreach (var o in outputs.Where(o => groups.Count > 0 && !groups.Any(g => g.Column == o)))
            {
                select.Add(Col(o));
                groups.Add(new GroupItem(Col(o), o.Name, Column: o));
            }
            select.AddRange(measures.Select(m => $"{m.Sql} AS {Alias(m.Label)}"));
        }
        sb.Append(string.Join(", ", select)).Append(" FROM ").Append(from);
        if (_conditions.Count > 0) sb.Append(" WHERE ").Append(string.Join(" AND ", _conditions));
        if (!rowList && groups.Count > 0) sb.Append(" GROUP BY ").Append(string.Join(", ", groups.Select(g => g.Sql)));
        if (having is not null && !rowList && groups.Count > 0) sb.Append(" HAVING ").Append(having);

        var primary = measures.FirstOrDefault();
        if (rowList)
        {
            if (primary?.Column is not null && descending is not null)
                sb.Append(" ORDER BY ").Append(Col(primary.Column)).Append(descending.Value ? " DESC" : " ASC");
            // "ordered from longest to shortest" without a number asks for the ranking, not the first row.
            var n = limit ?? (superlative.Success && descending is not null && !explicitOrder ? 1 : null);
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }
        else if (groups.Count > 0 && primary is not null)
        {
            var timeGroup = groups.FirstOrDefault(g => g.IsTime);
            var n = limit ?? ((superlative.Success || whichWord.Success) && descending is not null && topTarget is not null ? 1 : null);
            if (timeGroup is not null && n is null && !explicitOrder) sb.Append(" ORDER BY ").Append(Alias(timeGroup.Label));
            else sb.Append(" ORDER BY ").Append(Alias(primary.Label)).Append(descending == false ? " ASC" : " DESC");
            if (n is not null) sb.Append(" LIMIT ").Append(n.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (countGroups && having is not null && !rowList)
        {
            // "用电量超过100万千瓦时的客户有多少个": count the groups that pass.
            var inner = sb.ToString();
            var orderAt = inner.IndexOf(" ORDER BY ", StringComparison.Ordinal);
            if (orderAt > 0) inner = inner[..orderAt];
            sb.Clear().Append("SELECT COUNT(*) AS ").Append(Alias(_zh ? "数量" : "count")).Append(" FROM (").Append(inner).Append(") AS t");
            _explain.Add(_zh ? "统计满足条件的分组个数" : "counting the groups that pass");
        }
        if (groups.Count > 0 && !rowList) _explain.Insert(0, (_zh ? "按 " : "by ") + string.Join(", ", groups.Select(g => g.Label)));
        _explain.Insert(0, rowList
            ? (_zh ? $"列出 {fact.Name} 中符合条件的记录" : $"rows of {fact.Name}")
            : (_zh ? "计算 " : "computing ") + string.Join(", ", measures.Select(m => m.Label)) + (_zh ? $"（主表 {fact.Name}）" : $" over {fact.Name}"));
        if (limit is not null) _explain.Add(_zh ? $"取前 {limit}" : $"top {limit}");
        return new TranslationResult(sb.ToString(), string.Join(_zh ? "；" : "; ", _explain), _params);
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

    // ---- linking ----------------------------------------------------------------------------------

    private Dictionary<Token, Target> Resolve(List<Token> tokens)
    {
        var anchors = new HashSet<TableModel>();
        foreach (var t in tokens)
        {
            var tables = t.Targets.Where(x => !x.Derived).Select(x => x.Table).Distinct().ToList();
            if (tables.Count == 1 && t.Targets.Count(x => !x.Derived) > 0) anchors.Add(tables[0]);
        }
        var map = new Dictionary<Token, Target>();
        tokens.RemoveAll(t => t.Targets.All(x => x.Derived) && anchors.Count > 0 && !t.Targets.Any(x => anchors.Any(a => a == x.Table || ix.Reaches(a, x.Table) || ix.Reaches(x.Table, a) || ix.Distance(a, x.Table) <= 2)));
        foreach (var t in tokens)
        {
            if (t.Targets.Count == 1) { map[t] = t.First; continue; }
            map[t] = t.Targets
                .Select((x, i) => (x, score: (anchors.Contains(x.Table) ? 0 : anchors.Count == 0 ? 0 : anchors.Min(a => ix.Distance(a, x.Table))) * 10 + (x.Derived ? 5 : 0) + KindRank(x.Kind) + i * 0.01))
                .OrderBy(p => p.score).First().x;
        }
        return map;
    }

    /// <summary>The first table, dimension or column named after <paramref name="from"/>, skipping values ("5个大工业客户").</summary>
    private Token? EntityAfter(List<Token> tokens, Dictionary<Token, Target> resolved, int from, int maxGap)
    {
        var pos = from;
        foreach (var t in tokens.Where(t => t.Start >= from))
        {
            if (t.Start - pos > maxGap) return null;
            if (resolved[t].Kind is TermKind.Value or TermKind.Filter) { pos = t.End; continue; }
            return t;
        }
        return null;
    }

    private static double KindRank(TermKind kind) => kind switch
    {
        TermKind.Metric => 0,
        TermKind.Filter => 0,
        TermKind.Value => 1,
        TermKind.Dimension => 1,
        TermKind.Table => 1.5,
        _ => 2,
    };

    /// <summary>The table that reaches every other candidate along foreign keys: the "fact" being counted or summed.</summary>
    private TableModel MostSpecific(List<TableModel> candidates, List<TableModel> explicitTables)
    {
        return candidates
            .Select((t, i) => (t, reach: candidates.Count(o => ix.Reaches(t, o)), explicitRank: explicitTables.Contains(t) ? 0 : 1, i))
            .OrderByDescending(x => x.reach).ThenBy(x => x.explicitRank).ThenBy(x => x.i).First().t;
    }

    /// <summary>The entity a count is about, as in "有多少客户" / "客户数" / "how many customers".</summary>
    private TableModel? CountSubject(List<(Token Token, TableModel Table)> explicitTables, TableModel fact)
    {
        foreach (var (token, table) in explicitTables)
        {
            var before = Gap(Math.Max(0, token.Start - 12), token.Start);
            var after = Gap(token.End, Math.Min(_text.Length, token.End + 4));
            if (CountBefore().IsMatch(before) || CountAfter().IsMatch(after))
                return fact == table || ix.Reaches(fact, table) ? table : null;
        }
        return null;
    }

    /// <summary>One-character values (高/中/低, 是/否) count only beside their column: "高优先级", "优先级为高".</summary>
    private string? SingleCharValue(ColumnModel col, Token token)
    {
        var values = col.KnownValues;
        if (!values.Any(v => v.Length == 1)) return null;
        if (token.Start > 0 && values.Contains(_text[token.Start - 1].ToString())) return _text[token.Start - 1].ToString();
        var after = token.End;
        while (after < _text.Length && "为是=:： ".Contains(_text[after])) after++;
        return after < _text.Length && values.Contains(_text[after].ToString()) && (after + 1 >= _text.Length || !TextNormalizer.IsCjk(_text[after + 1]) || "的级".Contains(_text[after + 1]))
            ? _text[after].ToString() : null;
    }

    /// <summary>True for "有几个区县", "多少种型号", "区县数", "how many districts": the thing itself is counted.</summary>
    private bool IsCounted(Token token) =>
        CountBefore().IsMatch(Gap(Math.Max(0, token.Start - 12), token.Start)) || CountAfter().IsMatch(Gap(token.End, Math.Min(_text.Length, token.End + 4)));

    /// <summary>1 when a group marker (各, 每个, 按, by, per …) stands right before <paramref name="start"/>; 2 for "各类".</summary>
    private int GroupMarker(int start)
    {
        var before = _text[..start].TrimEnd();
        if (KindMarker().IsMatch(before)) return 2;
        return GroupMarkerRegex().IsMatch(before) ? 1 : 0;
    }

    /// <summary>The content words nothing linked: English words that are not grammar, runs of Chinese characters.</summary>
    private static IEnumerable<string> Unlinked(string rest) =>
        ContentWord().Matches(rest).Select(m => m.Value).Where(w => !Lexicon.GrammarWords.FunctionWords.Contains(w)).Distinct().Take(8);

    private string Gap(int from, int to) => from >= to ? "" : _text[from..to];

    private List<Comparison> ExtractComparisons(char[] work)
    {
        var list = new List<Comparison>();
        var s = new string(work);
        foreach (Match m in ComparisonBefore().Matches(s))
        {
            var op = OpOf(m.Groups["op"].Value);
            var value = Number(m.Groups["num"].Value, m.Groups["mul"].Value);
            var countUnit = m.Groups["cu"].Success && m.Groups["cu"].Length > 0;
            list.Add(new Comparison(m.Index, m.Length, op, value, countUnit));
        }
        foreach (Match m in ComparisonAfter().Matches(s))
        {
            if (list.Any(c => m.Index < c.Index + c.Length && c.Index < m.Index + m.Length)) continue;
            var op = m.Groups["op"].Value.Contains('上') ? ">=" : "<=";
            var value = Number(m.Groups["num"].Value, m.Groups["mul"].Value);
            list.Add(new Comparison(m.Index, m.Length, op, value, m.Groups["cu"].Success && m.Groups["cu"].Length > 0));
        }
        foreach (var c in list) Blank(work, c.Index, c.Length);
        // A table named right after the number ("more than 3 overdue bills") makes it a count.
        var tokens = ix.Match(work);
        return list.Select(c => !c.CountUnit && char.IsAsciiDigit(_text[c.Index + c.Length - 1])
            && tokens.FirstOrDefault(t => t.Start >= c.Index + c.Length && Gap(c.Index + c.Length, t.Start).Trim().Length == 0) is { } next && next.First.Kind == TermKind.Table
            ? c with { CountUnit = true } : c).ToList();
    }

    private static string OpOf(string word) => word switch
    {
        "超过" or "超出" or "大于" or "高于" or "多于" or "多过" or ">" or "more than" or "greater than" or "over" or "above" or "exceeding" or "exceed" or "higher than" or "larger than" => ">",
        "大于等于" or "不少于" or "不低于" or "至少" or ">=" or "at least" or "不小于" => ">=",
        "少于" or "低于" or "小于" or "不到" or "不足" or "<" or "less than" or "fewer than" or "below" or "under" or "lower than" => "<",
        "小于等于" or "不超过" or "不高于" or "不多于" or "至多" or "<=" or "at most" or "不大于" => "<=",
        _ => "=",
    };

    private static double Number(string num, string mul)
    {
        var v = double.Parse(num, CultureInfo.InvariantCulture);
        return mul switch { "万" => v * 10000, "亿" => v * 100000000, "千" => v * 1000, "k" => v * 1000, _ => v };
    }

    // ---- SQL pieces -------------------------------------------------------------------------------

    private string BuildFrom(TableModel fact)
    {
        var sb = new StringBuilder(Q(fact.Name));
        var joined = new HashSet<TableModel> { fact };
        foreach (var t in _tables.OrderBy(t => ix.Distance(fact, t)).ToList())
        {
            if (joined.Contains(t)) continue;
            var why = _linkedBy.TryGetValue(t, out var words) ? string.Join(", ", words.Distinct().Select(w => "'" + w + "'")) : null;
            var path = ix.Path(fact, t) ?? throw new TextToSqlRefusal("text-to-sql.no-join-path", _zh
                ? $"表 {fact.Name} 与 {t.Name} 之间没有外键关联，无法连接{(why is null ? "" : $"（{why} 指向表 {t.Name}）")}。"
                : $"No foreign-key path joins {fact.Name} to {t.Name}{(why is null ? "" : $" (the words {why} name {t.Name})")}.");
            foreach (var (table, on) in path)
            {
                if (!joined.Add(table)) continue;
                sb.Append(" JOIN ").Append(Q(table.Name)).Append(" ON ").Append(on);
            }
        }
        return sb.ToString();
    }

    private void AddCondition(string condition)
    {
        if (!_conditions.Contains(condition)) _conditions.Add(condition);
    }

    private string Param(object value)
    {
        var name = "p" + _params.Count.ToString(CultureInfo.InvariantCulture);
        _params[name] = value is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : value;
        return "@" + name;
    }

    private string TimeCondition(ColumnModel col, DateRange r)
    {
        var c = Col(col);
        if (col.Time == TimeFormat.Year)
        {
            var last = r.EndExclusive.AddDays(-1).Year;
            return r.Start.Year == last ? $"{c} = {Param((double)last)}" : $"{c} BETWEEN {Param((double)r.Start.Year)} AND {Param((double)last)}";
        }
        if (col.Time == TimeFormat.Month)
        {
            var first = r.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var last = r.EndExclusive.AddDays(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            return first == last ? $"{c} = {Param(first)}" : $"{c} BETWEEN {Param(first)} AND {Param(last)}";
        }
        var a = Param(r.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var b = Param(r.EndExclusive.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (ix.IsPostgres && col.IsTemporalType) return $"{c} >= CAST({a} AS date) AND {c} < CAST({b} AS date)";
        return $"{c} >= {a} AND {c} < {b}";
    }

    private string GrainExpression(ColumnModel col, TimeGrain grain)
    {
        var c = Col(col);
        if (col.Time == TimeFormat.Year)
            return grain == TimeGrain.Year ? c : throw new TextToSqlRefusal("text-to-sql.no-time-column", _zh
                ? $"字段 {col.Table.Name}.{col.Name} 只有年份，无法按{grain}分组。"
                : $"Column {col.Table.Name}.{col.Name} holds only the year; it cannot be grouped by {grain.ToString().ToLowerInvariant()}.");
        if (ix.IsPostgres && col.IsTemporalType)
        {
            return grain switch
            {
                TimeGrain.Year => $"to_char({c}, 'YYYY')",
                TimeGrain.Quarter => $"to_char({c}, 'YYYY-\"Q\"Q')",
                TimeGrain.Week => $"to_char({c}, 'IYYY-\"W\"IW')",
                TimeGrain.Day => $"to_char({c}, 'YYYY-MM-DD')",
                _ => $"to_char({c}, 'YYYY-MM')",
            };
        }
        // PostgreSQL has no strftime; ISO weeks of the text's date instead of SQLite's %W.
        if (ix.IsPostgres && grain == TimeGrain.Week) return $"to_char(CAST({c} AS date), 'IYYY-\"W\"IW')";
        if (ix.IsPostgres) c = $"CAST({c} AS text)";
        return grain switch
        {
            TimeGrain.Year => $"substr({c}, 1, 4)",
            TimeGrain.Quarter => $"substr({c}, 1, 4) || '-Q' || ((CAST(substr({c}, 6, 2) AS INTEGER) + 2) / 3)",
            TimeGrain.Week when !ix.IsPostgres => $"strftime('%Y-W%W', {c})",
            TimeGrain.Day => $"substr({c}, 1, 10)",
            _ => col.Time == TimeFormat.Month ? c : $"substr({c}, 1, 7)",
        };
    }

    /// <summary>"时长" / "how long" over a table with a start and an end time: the difference in hours (days, minutes).</summary>
    private (string Sql, string Label)? DurationOf(TableModel table, string rest)
    {
        var times = table.Columns.Where(c => c.Time is TimeFormat.DateTime or TimeFormat.Date).ToList();
        var start = times.FirstOrDefault(c => StartWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head));
        var end = times.FirstOrDefault(c => c != start && EndWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head));
        if (start is null || end is null) return null;
        var (elapsed, unit) = DayUnit().IsMatch(rest) ? (ElapsedUnit.Days, _zh ? "天" : "days") : MinuteUnit().IsMatch(rest) ? (ElapsedUnit.Minutes, _zh ? "分钟" : "minutes") : (ElapsedUnit.Hours, _zh ? "小时" : "hours");
        var sql = PortableSql.Elapsed(elapsed, Col(start), Col(end), ix.Catalog.Dialect, start.IsTemporalType, end.IsTemporalType);
        return (sql, (_zh ? "时长（" : "duration (") + unit + (_zh ? "）" : ")"));
    }

    private ColumnModel? ColumnByName(string name, TableModel fact)
    {
        if (name.Contains('.'))
        {
            var parts = name.Split('.', 2);
            return ix.Table(parts[0])?.Column(parts[1]);
        }
        return fact.Column(name);
    }

    private DateRange LastMonth()
    {
        var start = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-1);
        return new DateRange(start, start.AddMonths(1), start.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    private static string Describe(DateRange r) =>
        r.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + r.EndExclusive.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Col(ColumnModel c) => $"{CatalogIndex.Q(c.Table.Name)}.{CatalogIndex.Q(c.Name)}";

    private static string Q(string identifier) => CatalogIndex.Q(identifier);

    private static string Alias(string label) => "\"" + label.Replace("\"", "") + "\"";

    private IEnumerable<TableModel> TablesIn(string sql)
    {
        foreach (Match m in QualifiedName().Matches(sql))
            if (ix.Table(m.Groups[1].Value) is { } t) yield return t;
    }

    private static string AggName(Agg a) => a switch { Agg.Avg => "AVG", Agg.Max => "MAX", Agg.Min => "MIN", Agg.Count => "COUNT", _ => "SUM" };

    private string AggLabel(Agg a) => _zh
        ? a switch { Agg.Avg => "平均", Agg.Max => "最大", Agg.Min => "最小", _ => "总" }
        : a switch { Agg.Avg => "avg_", Agg.Max => "max_", Agg.Min => "min_", _ => "total_" };

    private string MetricLabel(SemanticMetric m, Agg a) => a == Agg.None ? m.Name : AggLabel(a) + m.Name;

    /// <summary>Splits "SUM(a), SUM(b)" at top-level commas.</summary>
    private static List<string> SplitTopLevel(string expression)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < expression.Length; i++)
        {
            var ch = expression[i];
            if (ch == '\'') quoted = !quoted;
            if (quoted) continue;
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
            else if (ch == ',' && depth == 0)
            {
                parts.Add(expression[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(expression[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>"AVG(x)" when the question says 平均 and the metric is "SUM(x)"; other shapes stay as they are.</summary>
    private static string ReplaceOuterAggregate(string expression, Agg agg)
    {
        var m = OuterAggregate().Match(expression);
        if (!m.Success || m.Groups[1].Value.Equals("COUNT", StringComparison.OrdinalIgnoreCase)) return expression;
        var open = expression.IndexOf('(');
        if (MatchingParen(expression, open) != expression.Length - 1) return expression;
        return AggName(agg) + expression[open..];
    }

    /// <summary>Rewrites every aggregate AGG(x) in <paramref name="expression"/> to AGG(CASE WHEN cond THEN x END).</summary>
    private static string Conditional(string expression, string condition)
    {
        var sb = new StringBuilder();
        var i = 0;
        foreach (Match m in AnyAggregate().Matches(expression))
        {
            if (m.Index < i) continue;
            var open = m.Index + m.Length - 1;
            var close = MatchingParen(expression, open);
            if (close < 0) break;
            var inner = expression[(open + 1)..close].Trim();
            sb.Append(expression, i, m.Index - i).Append(m.Groups[1].Value.ToUpperInvariant()).Append('(');
            if (inner == "*") sb.Append($"CASE WHEN {condition} THEN 1 END");
            else if (inner.StartsWith("DISTINCT ", StringComparison.OrdinalIgnoreCase)) sb.Append($"DISTINCT CASE WHEN {condition} THEN {inner[9..]} END");
            else sb.Append($"CASE WHEN {condition} THEN {inner} END");
            sb.Append(')');
            i = close + 1;
        }
        sb.Append(expression, i, expression.Length - i);
        return sb.ToString();
    }

    private static int MatchingParen(string s, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '\'') quoted = !quoted;
            if (quoted) continue;
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private static void Blank(char[] work, int index, int length)
    {
        for (var i = index; i < index + length && i < work.Length; i++) work[i] = '\0';
    }

    // ---- grammar ----------------------------------------------------------------------------------

    [GeneratedRegex(@"(?<![a-z])(drop|delete|truncate|alter|insert|update|grant|revoke|attach|detach|pragma|vacuum|create\s+table|replace\s+into)(?![a-z])|删除|删掉|清空|清除|修改|更改|篡改|插入|写入|新建表|建表|drop掉")]
    private static partial Regex WriteIntent();

    [GeneratedRegex(@"(?<![a-z])select\s.+\sfrom(?![a-z])|(?<![a-z])union(\s+all)?\s+select|;\s*(select|with)\s|--|/\*")]
    private static partial Regex SqlText();

    [GeneratedRegex(@"忽略.{0,8}(指令|提示|规则|要求|限制)|无视.{0,8}(指令|规则|限制)|ignore\s+(all\s+)?(the\s+)?(previous|prior|above)|disregard\s+(all\s+)?(previous|prior)|system\s+prompt|你现在是|扮演")]
    private static partial Regex Injection();

    [GeneratedRegex(@"(?<op>大于等于|小于等于|不少于|不低于|不小于|不超过|不高于|不多于|不大于|超过|超出|大于|高于|多于|多过|至少|至多|少于|低于|小于|不到|不足|>=|<=|>|<|more than|greater than|higher than|larger than|at least|at most|less than|fewer than|lower than|exceeding|exceed|over|above|below|under)\s*(?<num>\d+(?:\.\d+)?)\s*(?<mul>万|亿|千|k(?![a-z]))?\s*(?<cu>次|个|笔|张|户|件|单|通|条|名|家|位|起|time(?![a-z]))?(?<unit>[a-z%元度千瓦时小时天分钟秒]*)")]
    private static partial Regex ComparisonBefore();

    [GeneratedRegex(@"(?<num>\d+(?:\.\d+)?)\s*(?<mul>万|亿|千)?\s*(?<cu>次|个|笔|张|户|件|单|通|条|名|家|位|起)?(?<unit>[a-z%元度千瓦时小时天分钟秒]*)\s*(?<op>及以上|以上|及以下|以下)")]
    private static partial Regex ComparisonAfter();

    [GeneratedRegex(@"(?<dir>最多|最高|最大|最长|最少|最低|最小|最短|排名前|排行前|前|top|bottom|highest|largest|biggest|most|lowest|smallest|fewest|least)\s*的?\s*(?<n>\d{1,4})(?!\d)\s*(个|名|位|家|条|户|张|笔|单|件|次|大)?")]
    private static partial Regex TopN();

    [GeneratedRegex(@"(?<n>\d{1,4})\s*(?:个|名|位|家|条)?\s*(?<dir>largest|biggest|highest|top|most|lowest|smallest|least|fewest)")]
    private static partial Regex TopNAfter();

    [GeneratedRegex(@"最多|最高|最大|最长|最少|最低|最小|最短|(?<![a-z])(most|highest|largest|biggest|greatest|maximum|max|longest|lowest|smallest|least|fewest|minimum|min|shortest)(?![a-z])")]
    private static partial Regex Superlative();

    [GeneratedRegex(@"少|低|小|短|bottom|lowest|smallest|least|fewest|minimum|min|shortest")]
    private static partial Regex Ascending();

    [GeneratedRegex(@"从高到低|从大到小|由高到低|由大到小|从多到少|由多到少|从长到短|从新到旧|降序|倒序|desc|descending|high(?:est)? (?:to|first)|(?:largest|longest|biggest|greatest|most|newest|latest) to")]
    private static partial Regex OrderDesc();

    [GeneratedRegex(@"从低到高|从小到大|由低到高|由小到大|从少到多|由少到多|从短到长|从旧到新|升序|正序|asc(?![a-z])|ascending|low(?:est)? (?:to|first)|(?:smallest|shortest|least|fewest|oldest|earliest) to|alphabetical")]
    private static partial Regex OrderAsc();

    [GeneratedRegex(@"平均|均值|人均|户均|(?<![a-z])(average|avg|mean)(?![a-z])")]
    private static partial Regex AvgWord();

    [GeneratedRegex(@"总|合计|总计|累计|之和|(?<![a-z])(total|sum)(?![a-z])")]
    private static partial Regex AggWord();

    [GeneratedRegex(@"有哪些|哪些|列出|列举|列一下|清单|明细|名单|(?<![a-z])(list|show|which|what are|return|get|give)(?![a-z])")]
    private static partial Regex ListWord();

    [GeneratedRegex(@"列出|列举|列一下|显示|(?<![a-z])(list|show)(?![a-z])")]
    private static partial Regex ListStart();

    [GeneratedRegex(@"多少|几|数量|个数|次数|件数|笔数|户数|总数|数目|(?<![a-z])(how many|number of|count)(?![a-z])")]
    private static partial Regex CountWord();

    [GeneratedRegex(@"哪个|哪一个|哪家|哪位|哪条|哪座|哪一|哪(?!些)|(?<![a-z])which(?![a-z])")]
    private static partial Regex WhichWord();

    [GeneratedRegex(@"(多少|几)\s*(个|位|家|户|张|笔|条|件|单|名|种|类|块|台|只)?\s*$|(how many|number of|count of)\s*$")]
    private static partial Regex CountBefore();

    [GeneratedRegex(@"^\s*(的)?(数量|个数|总数|数目|数|有多少|有几|一共有多少|共有多少|总共有多少)")]
    private static partial Regex CountAfter();

    [GeneratedRegex(@"(各个?|每个?|每种|按照?|不同|分|(?<![a-z])(?:by|per|each))\s*(?<w>状态|类型|类别|种类|status|state|type|kind|category)")]
    private static partial Regex GenericGroup();

    [GeneratedRegex(@"^\s*(SUM|AVG|MIN|MAX)\s*\(\s*(?<t>[A-Za-z_][A-Za-z0-9_]*)\.(?<c>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex MetricColumn();

    [GeneratedRegex(@"最近\s*1?\s*次|最后\s*1?\s*次|最新|最早|第\s*1\s*次|(?<![a-z])(latest|most recent|last time|earliest|first time)(?![a-z])")]
    private static partial Regex LatestWord();

    [GeneratedRegex(@"时间|日期|什么时候|何时|哪天|(?<![a-z])(when|date|time)(?![a-z])")]
    private static partial Regex WhenWord();

    [GeneratedRegex(@"(没有|没|未|尚未|无|不|非|(?<![a-z])(not|no|without|never|non|haven't|hasn't|don't|doesn't|isn't|aren't|lack|lacking)(?![a-z]))[^,.;?，。]{0,14}$")]
    private static partial Regex BooleanNegation();

    [GeneratedRegex(@"[a-z][a-z0-9_]{2,}|[\u3400-\u9fff]{2,}")]
    private static partial Regex ContentWord();

    [GeneratedRegex(@"比值|之比|比率|(?<![a-z])(ratio|divided by)(?![a-z])")]
    private static partial Regex RatioWord();

    [GeneratedRegex(@"(?<![a-z])(?:from |in )?(?:highest|largest|longest|biggest|greatest|most|lowest|smallest|shortest|least|fewest|high|low|newest|oldest|latest|earliest) (?:to|first)(?: (?:highest|largest|longest|biggest|greatest|most|lowest|smallest|shortest|least|fewest|high|low|newest|oldest|latest|earliest))?(?![a-z])")]
    private static partial Regex OrderPhrase();

    [GeneratedRegex(@"(?<![a-z])(each|per|by|every|across)(?![a-z])|各|每|按|分别")]
    private static partial Regex GroupWord();

    [GeneratedRegex(@"分别|各自|(?<![a-z])(respectively|each of)(?![a-z])")]
    private static partial Regex Respectively();

    [GeneratedRegex(@"(没有|没|未|不是|不属于|非|除了|除|(?<![a-z])(not|non|excluding|except)\s*-?)\s*$")]
    private static partial Regex Negation();

    [GeneratedRegex(@"占比|比例|比重|所占|占全|(?<![a-z])(share|percentage|proportion|fraction)(?![a-z])")]
    private static partial Regex ShareWord();

    [GeneratedRegex(@"^\s*SUM\((.*)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OuterSum();

    [GeneratedRegex(@"^\s*(count|number|total|amount)(?![a-z])")]
    private static partial Regex CountWordAfter();

    [GeneratedRegex(@"(各个|各|每个|每一个|每一|每|[各每][条家位名座台块张项笔次]|按照|按|分|不同|(?<![a-z])(by|per|each|every|for each|across|for every))\s*$")]
    private static partial Regex GroupMarkerRegex();

    [GeneratedRegex(@"(各类|各种|每类|每种|每一类|分类|哪类|哪一类|哪种|哪一种|不同类型的?|不同种类的?)\s*$")]
    private static partial Regex KindMarker();

    [GeneratedRegex(@"^\s*(和|与|及|以及|、|,|and|&)\s*$")]
    private static partial Regex Conjunction();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_""]")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"时长|多久|多长时间|耗时|用时|历时|(?<![a-z])(duration|how long|time taken)(?![a-z])")]
    private static partial Regex DurationWord();

    [GeneratedRegex(@"start|begin|creat|found|detect|occur|report|open|开始|发现|受理|发生|创建|登记|报告")]
    private static partial Regex StartWord();

    [GeneratedRegex(@"end|close|finish|resolv|restor|complet|repair|fix|结束|办结|完成|复电|修复|整改|处理完|关闭|恢复")]
    private static partial Regex EndWord();

    [GeneratedRegex(@"天|(?<![a-z])days?(?![a-z])")]
    private static partial Regex DayUnit();

    [GeneratedRegex(@"分钟|(?<![a-z])minutes?(?![a-z])")]
    private static partial Regex MinuteUnit();

    [GeneratedRegex(@"^\s*(SUM|AVG|MIN|MAX|COUNT)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex OuterAggregate();

    [GeneratedRegex(@"(?<![A-Za-z_])(SUM|AVG|MIN|MAX|COUNT)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex AnyAggregate();
}
