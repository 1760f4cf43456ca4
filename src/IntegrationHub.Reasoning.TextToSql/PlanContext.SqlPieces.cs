using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>SQL fragments: joins, parameters, time conditions and grains, durations, aggregates, labels.</summary>
internal sealed partial class PlanContext
{
    internal string BuildFrom(TableModel fact)
    {
        var sb = new StringBuilder(Q(fact.Name));
        var joined = new HashSet<TableModel> { fact };
        foreach (var t in Tables.OrderBy(t => Index.Distance(fact, t)).ToList())
        {
            if (joined.Contains(t)) continue;
            var why = LinkedBy.TryGetValue(t, out var words) ? string.Join(", ", words.Distinct().Select(w => "'" + w + "'")) : null;
            var path = Index.Path(fact, t) ?? throw new TextToSqlRefusal("text-to-sql.no-join-path", Zh
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

    internal void AddCondition(string condition)
    {
        if (!Conditions.Contains(condition)) Conditions.Add(condition);
    }

    internal string Param(object value)
    {
        var name = "p" + Params.Count.ToString(CultureInfo.InvariantCulture);
        Params[name] = value is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : value;
        return "@" + name;
    }

    internal string TimeCondition(ColumnModel col, DateRange r)
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
        if (Index.IsPostgres && col.IsTemporalType) return $"{c} >= CAST({a} AS date) AND {c} < CAST({b} AS date)";
        return $"{c} >= {a} AND {c} < {b}";
    }

    /// <summary>The day of the week of a date column, 0 = Sunday … 6 = Saturday, in either dialect.</summary>
    internal string WeekdayExpression(ColumnModel col)
    {
        var c = Col(col);
        if (!Index.IsPostgres) return $"CAST(strftime('%w', {c}) AS INTEGER)";
        return col.IsTemporalType ? $"EXTRACT(DOW FROM {c})" : $"EXTRACT(DOW FROM CAST({c} AS date))";
    }

    internal string GrainExpression(ColumnModel col, TimeGrain grain)
    {
        var c = Col(col);
        if (col.Time == TimeFormat.Year)
            return grain == TimeGrain.Year ? c : throw new TextToSqlRefusal("text-to-sql.no-time-column", Zh
                ? $"字段 {col.Table.Name}.{col.Name} 只有年份，无法按{grain}分组。"
                : $"Column {col.Table.Name}.{col.Name} holds only the year; it cannot be grouped by {grain.ToString().ToLowerInvariant()}.");
        if (Index.IsPostgres && col.IsTemporalType)
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
        if (Index.IsPostgres && grain == TimeGrain.Week) return $"to_char(CAST({c} AS date), 'IYYY-\"W\"IW')";
        if (Index.IsPostgres) c = $"CAST({c} AS text)";
        return grain switch
        {
            TimeGrain.Year => $"substr({c}, 1, 4)",
            TimeGrain.Quarter => $"substr({c}, 1, 4) || '-Q' || ((CAST(substr({c}, 6, 2) AS INTEGER) + 2) / 3)",
            TimeGrain.Week when !Index.IsPostgres => $"strftime('%Y-W%W', {c})",
            TimeGrain.Day => $"substr({c}, 1, 10)",
            _ => col.Time == TimeFormat.Month ? c : $"substr({c}, 1, 7)",
        };
    }

    /// <summary>"时长" / "how long" over a table with a start and an end time: the difference in hours (days, minutes).</summary>
    internal (string Sql, string Label)? DurationOf(TableModel table, string rest)
    {
        var times = table.Columns.Where(c => c.Time is TimeFormat.DateTime or TimeFormat.Date).ToList();
        var start = times.FirstOrDefault(c => StartWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head));
        var end = times.FirstOrDefault(c => c != start && EndWord().IsMatch(c.Name.ToLowerInvariant() + " " + c.Head));
        if (start is null || end is null) return null;
        return Elapsed(start, end, rest, ElapsedUnit.Hours);
    }

    /// <summary>The time from <paramref name="start"/> to <paramref name="end"/> in the unit the question names (天/days, 分钟/minutes, 小时/hours).</summary>
    internal (string Sql, string Label) Elapsed(ColumnModel start, ColumnModel end, string rest, ElapsedUnit fallback)
    {
        var elapsed = DayUnit().IsMatch(rest) ? ElapsedUnit.Days : MinuteUnit().IsMatch(rest) ? ElapsedUnit.Minutes : HourUnit().IsMatch(rest) ? ElapsedUnit.Hours : fallback;
        var unit = elapsed switch
        {
            ElapsedUnit.Days => Zh ? "天" : "days",
            ElapsedUnit.Minutes => Zh ? "分钟" : "minutes",
            _ => Zh ? "小时" : "hours",
        };
        // PostgreSQL subtracts two dates into a whole number of days, not an interval: only timestamps stay as they are.
        static bool Timestamp(ColumnModel c) => c.Info.DataType.Contains("timestamp", StringComparison.OrdinalIgnoreCase);
        var sql = PortableSql.Elapsed(elapsed, Col(start), Col(end), Index.Catalog.Dialect, Timestamp(start), Timestamp(end));
        return (sql, (Zh ? "时长（" : "duration (") + unit + (Zh ? "）" : ")"));
    }

    internal ColumnModel? ColumnByName(string name, TableModel fact)
    {
        if (name.Contains('.'))
        {
            var parts = name.Split('.', 2);
            return Index.Table(parts[0])?.Column(parts[1]);
        }
        return fact.Column(name);
    }

    internal DateRange LastMonth()
    {
        var start = new DateOnly(AsOf.Year, AsOf.Month, 1).AddMonths(-1);
        return new DateRange(start, start.AddMonths(1), start.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    internal static string Describe(DateRange r) =>
        r.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + r.EndExclusive.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Col(ColumnModel c) => $"{CatalogIndex.Q(c.Table.Name)}.{CatalogIndex.Q(c.Name)}";

    internal static string Q(string identifier) => CatalogIndex.Q(identifier);

    internal static string Alias(string label) => "\"" + label.Replace("\"", "") + "\"";

    internal IEnumerable<TableModel> TablesIn(string sql)
    {
        foreach (Match m in QualifiedName().Matches(sql))
            if (Index.Table(m.Groups[1].Value) is { } t) yield return t;
    }

    internal static string AggName(Agg a) => a switch { Agg.Avg => "AVG", Agg.Max => "MAX", Agg.Min => "MIN", Agg.Count => "COUNT", _ => "SUM" };

    internal string AggLabel(Agg a) => Zh
        ? a switch { Agg.Avg => "平均", Agg.Max => "最大", Agg.Min => "最小", _ => "总" }
        : a switch { Agg.Avg => "avg_", Agg.Max => "max_", Agg.Min => "min_", _ => "total_" };

    internal string MetricLabel(SemanticMetric m, Agg a) => a == Agg.None ? m.Name : AggLabel(a) + m.Name;

    /// <summary>Splits "SUM(a), SUM(b)" at top-level commas.</summary>
    internal static List<string> SplitTopLevel(string expression)
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
    internal static string ReplaceOuterAggregate(string expression, Agg agg)
    {
        var m = OuterAggregate().Match(expression);
        if (!m.Success || m.Groups[1].Value.Equals("COUNT", StringComparison.OrdinalIgnoreCase)) return expression;
        var open = expression.IndexOf('(');
        if (MatchingParen(expression, open) != expression.Length - 1) return expression;
        return AggName(agg) + expression[open..];
    }

    /// <summary>Rewrites every aggregate AGG(x) in <paramref name="expression"/> to AGG(CASE WHEN cond THEN x END).</summary>
    internal static string Conditional(string expression, string condition)
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

    internal static int MatchingParen(string s, int open)
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

    internal static void Blank(char[] work, int index, int length)
    {
        for (var i = index; i < index + length && i < work.Length; i++) work[i] = '\0';
    }

    internal static string BooleanCondition(ColumnModel column, bool value) => $"{Col(column)} = {(value ? "TRUE" : "FALSE")}";

    /// <summary>"on weekends" / "周末", "on weekdays" / "工作日": the days of the week (0 = Sunday) the question keeps.</summary>
    internal string? DayOfWeekDays() =>
        WeekendWord().IsMatch(Rest) ? "IN (0, 6)" : WeekdayWord().IsMatch(Rest) ? "NOT IN (0, 6)" : null;
}
