using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

public enum TimeGrain { Day, Week, Month, Quarter, Year }

/// <summary>How a question compares periods: 同比 (year over year) or 环比 (against the period just before).</summary>
public enum TimeComparison { None, YearOverYear, PeriodOverPeriod }

/// <summary>A half-open date range [Start, EndExclusive).</summary>
public sealed record DateRange(DateOnly Start, DateOnly EndExclusive, string Label)
{
    public DateRange ShiftYears(int years) => new(Start.AddYears(years), EndExclusive.AddYears(years), $"{Label}{years:+0;-0}y");

    /// <summary>The range of the same length just before this one (by whole months when it is whole months).</summary>
    public DateRange Previous()
    {
        if (Start.Day == 1 && EndExclusive.Day == 1)
        {
            var months = (EndExclusive.Year - Start.Year) * 12 + EndExclusive.Month - Start.Month;
            return new DateRange(Start.AddMonths(-months), Start, Label + "-prev");
        }
        var days = EndExclusive.DayNumber - Start.DayNumber;
        return new DateRange(Start.AddDays(-days), Start, Label + "-prev");
    }

    public bool IsWholeMonths => Start.Day == 1 && EndExclusive.Day == 1;
}

/// <summary>A recognised time phrase's place in the normalised question.</summary>
public sealed record TimeExpression(int Index, int Length, string Text);

/// <param name="Range">The period the question is about, or null.</param>
/// <param name="GroupBy">"每个月", "by year" …: the grain to group by, or null.</param>
/// <param name="ColumnHints">Words in the time phrases that name a time column, unused for now.</param>
public sealed record TimeParse(DateRange? Range, TimeGrain? GroupBy, TimeComparison Comparison, IReadOnlyList<TimeExpression> Spans);

/// <summary>
/// Relative and absolute time in Chinese and English, counted from the as-of date: 上个月, 本月, 今年, 去年, 2024年,
/// 今年3月, 2025年1月到5月, 最近三个月, 上半年, 第二季度, 去年同期, 同比, 环比, last month, this year, last 3 months, March 2024 …
/// Works on <see cref="TextNormalizer.Normalize"/>d text.
/// </summary>
public static partial class RelativeDateResolver
{
    private delegate DateRange? RangeRule(Match m, DateOnly asOf);

    private static readonly (Regex Pattern, RangeRule Rule)[] RangeRules =
    [
        // "in the past 30 days", "within the last 2 weeks", "over the past month": a window ending today, not whole months.
        (new Regex(@"(?<![a-z])(?:in|within|over|during|for)\s+(?:the\s+)?(?:past|last|previous|recent)\s+(?:(\d+)\s*)?(day|week|month|year)(?![a-z])"), (m, a) =>
            RollingWindow(m.Groups[1].Success ? Int(m, 1) : 1, m.Groups[2].Value, a)),
        (new Regex(@"(\d{4})(?:年|-)(?:(\d{1,2})(?:月|-)(?:(\d{1,2})[日号]?)?)?\s*(之前|以前|前|之后|以后|后|起)(?!\d|个|年|天)"), (m, a) =>
        {
            var d = new DateOnly(Int(m, 1), m.Groups[2].Success ? Int(m, 2) : 1, m.Groups[3].Success ? Int(m, 3) : 1);
            return m.Groups[4].Value.Contains('前') ? new DateRange(new DateOnly(1900, 1, 1), d, "before " + d) : new DateRange(d, new DateOnly(2999, 12, 31), "from " + d);
        }),
        (new Regex(@"(before|after|since)\s+(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?![\d])"), (m, a) =>
        {
            var d = new DateOnly(Int(m, 2), m.Groups[3].Success ? Int(m, 3) : 1, m.Groups[4].Success ? Int(m, 4) : 1);
            return m.Groups[1].Value == "before" ? new DateRange(new DateOnly(1900, 1, 1), d, "before " + d)
                : new DateRange(d, m.Groups[1].Value == "since" ? a.AddDays(1) : new DateOnly(2999, 12, 31), "from " + d);
        }),
        (new Regex(@"(?:since|from)\s+(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?![a-z])(?:,?\s*(\d{4}))?"), (m, a) =>
            new DateRange(new DateOnly(m.Groups[2].Success ? Int(m, 2) : a.Year, MonthNumber(m.Groups[1].Value), 1), a.AddDays(1), m.Value)),
        (new Regex(@"(?:(\d{4})年|今年|本年)?(\d{1,2})月份?(?:以来|至今|起)"), (m, a) =>
            new DateRange(new DateOnly(m.Groups[1].Success ? Int(m, 1) : a.Year, Int(m, 2), 1), a.AddDays(1), m.Value)),
        (new Regex(@"(\d{4})年(\d{1,2})月份?\s*(?:到|至|-|~)\s*(?:(\d{4})年)?(\d{1,2})月份?"), (m, _) =>
            Months(Int(m, 1), Int(m, 2), m.Groups[3].Success ? Int(m, 3) : Int(m, 1), Int(m, 4))),
        (new Regex(@"(今年|去年|前年|本年)(\d{1,2})月份?\s*(?:到|至|-|~)\s*(\d{1,2})月份?"), (m, a) =>
            Months(RelYear(m.Groups[1].Value, a), Int(m, 2), RelYear(m.Groups[1].Value, a), Int(m, 3))),
        (new Regex(@"(今年|去年|前年|本年|\d{4}年)前(\d{1,2})个?月"), (m, a) =>
            Months(YearOf(m.Groups[1].Value, a), 1, YearOf(m.Groups[1].Value, a), Int(m, 2))),
        (new Regex(@"(?<!\d)(\d{1,2})月?\s*(?:到|至|-|~)\s*(\d{1,2})月份?"), (m, a) => Months(a.Year, Int(m, 1), a.Year, Int(m, 2))),
        (new Regex(@"(\d{4})-(\d{1,2})-(\d{1,2})"), (m, _) => Day(new DateOnly(Int(m, 1), Int(m, 2), Int(m, 3)))),
        (new Regex(@"(\d{4})年(\d{1,2})月(\d{1,2})[日号]"), (m, _) => Day(new DateOnly(Int(m, 1), Int(m, 2), Int(m, 3)))),
        (new Regex(@"(\d{4})年(\d{1,2})月份?"), (m, _) => Months(Int(m, 1), Int(m, 2), Int(m, 1), Int(m, 2))),
        (new Regex(@"(?<!\d)(\d{4})[-/.](\d{1,2})(?!\d)"), (m, _) => Months(Int(m, 1), Int(m, 2), Int(m, 1), Int(m, 2))),
        (new Regex(@"(今年|去年|前年|本年|明年)(\d{1,2})月份?"), (m, a) => Months(RelYear(m.Groups[1].Value, a), Int(m, 2), RelYear(m.Groups[1].Value, a), Int(m, 2))),
        (new Regex(@"(?<![\d年])(\d{1,2})月份?(?![\d日号])"), (m, a) =>
            Int(m, 1) is var mo and >= 1 and <= 12 ? Months(mo > a.Month ? a.Year - 1 : a.Year, mo, mo > a.Month ? a.Year - 1 : a.Year, mo) : null),
        (new Regex(@"(\d{4})年(?:的)?(?:(上半年)|(下半年)|第?([1-4])季度|(全年))?(?:以来|至今)?"), (m, a) =>
            m.Value.EndsWith("以来") || m.Value.EndsWith("至今")
                ? new DateRange(new DateOnly(Int(m, 1), 1, 1), a.AddDays(1), m.Value)
                : YearPart(Int(m, 1), m)),
        (new Regex(@"(今年|本年|年初)(?:以来|至今)|年初至今|今年迄今|year to date|ytd"), (_, a) => new DateRange(new DateOnly(a.Year, 1, 1), a.AddDays(1), "ytd")),
        (new Regex(@"(今年|去年|前年|本年)(?:的)?(?:(上半年)|(下半年)|第?([1-4])季度|(全年))?"), (m, a) => YearPart(RelYear(m.Groups[1].Value, a), m)),
        (new Regex(@"(上半年)|(下半年)"), (m, a) => YearPart(a.Year, m, 1)),
        (new Regex(@"第?([1-4])季度|(?<![a-z])q([1-4])(?:\s+(?:of\s+)?(\d{4}))?"), (m, a) =>
        {
            var q = m.Groups[1].Success ? Int(m, 1) : Int(m, 2);
            var y = m.Groups[3].Success ? Int(m, 3) : a.Year;
            return Months(y, q * 3 - 2, y, q * 3);
        }),
        (new Regex(@"(?<![a-z])(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?(?:\s+(\d{4}))?"), (m, a) =>
        {
            var q = m.Groups[1].Value[0] switch { 'f' when m.Groups[1].Value[1] == 'i' => 1, '1' => 1, 's' or '2' => 2, 't' or '3' => 3, _ => 4 };
            var y = m.Groups[2].Success ? Int(m, 2) : a.Year;
            return Months(y, q * 3 - 2, y, q * 3);
        }),
        (new Regex(@"上上个?月"), (_, a) => MonthOf(a.AddMonths(-2))),
        (new Regex(@"上个?月|上一个月|last month|previous month|past month"), (_, a) => MonthOf(a.AddMonths(-1))),
        (new Regex(@"本月|这个月|当月|this month|current month"), (_, a) => MonthOf(a)),
        (new Regex(@"(?:最近|近|过去|前|last|past|previous|recent)\s*(\d+)\s*个?\s*(月|month|天|日|day|周|星期|week|年|year|季度|quarter)"), (m, a) =>
            LastN(Int(m, 1), m.Groups[2].Value, a)),
        (new Regex(@"(?:最近|近|过去)\s*(?:一|1)?\s*(年|周|星期)"), (m, a) => LastN(1, m.Groups[1].Value, a)),
        (new Regex(@"上季度|上个季度|last quarter|previous quarter"), (_, a) =>
        {
            var q0 = new DateOnly(a.Year, (a.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
            return new DateRange(q0, q0.AddMonths(3), "last quarter");
        }),
        (new Regex(@"本季度|这个季度|this quarter|current quarter"), (_, a) =>
        {
            var q0 = new DateOnly(a.Year, (a.Month - 1) / 3 * 3 + 1, 1);
            return new DateRange(q0, q0.AddMonths(3), "this quarter");
        }),
        (new Regex(@"上周|上个?星期|last week"), (_, a) =>
        {
            var monday = a.AddDays(-(((int)a.DayOfWeek + 6) % 7));
            return new DateRange(monday.AddDays(-7), monday, "last week");
        }),
        (new Regex(@"本周|这周|这个?星期|this week"), (_, a) =>
        {
            var monday = a.AddDays(-(((int)a.DayOfWeek + 6) % 7));
            return new DateRange(monday, monday.AddDays(7), "this week");
        }),
        (new Regex(@"昨天|昨日|yesterday"), (_, a) => Day(a.AddDays(-1))),
        (new Regex(@"前天"), (_, a) => Day(a.AddDays(-2))),
        (new Regex(@"今天|今日|today"), (_, a) => Day(a)),
        (new Regex(@"(?:since|from)\s+(\d{4})"), (m, a) => new DateRange(new DateOnly(Int(m, 1), 1, 1), a.AddDays(1), m.Value)),
        (new Regex(@"this year|current year"), (_, a) => Year(a.Year)),
        (new Regex(@"last year|previous year"), (_, a) => Year(a.Year - 1)),
        (new Regex(@"(first|second) half(?: of)?(?: (\d{4}))?"), (m, a) =>
        {
            var y = m.Groups[2].Success ? Int(m, 2) : a.Year;
            return m.Groups[1].Value == "first" ? Months(y, 1, y, 6) : Months(y, 7, y, 12);
        }),
        (new Regex(@"(?<![a-z])(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?![a-z])\.?(?:\s*(?:to|through|-)\s*(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?![a-z])\.?)?(?:,?\s*(?:of\s+)?(\d{4}))?"), (m, a) =>
        {
            if (m.Groups[1].Value == "may" && !m.Groups[3].Success && !m.Groups[2].Success) return null;
            var y = m.Groups[3].Success ? Int(m, 3) : a.Year;
            var m1 = MonthNumber(m.Groups[1].Value);
            var m2 = m.Groups[2].Success ? MonthNumber(m.Groups[2].Value) : m1;
            return Months(y, m1, y, m2);
        }),
        (new Regex(@"(?:in|during|for|of|year)\s+(20\d{2})(?!\d)"), (m, _) => Year(Int(m, 1))),
        (new Regex(@"(?<![\d.])(?<!超过|大于|高于|多于|少于|低于|小于|不足|不到|than |over |above |below |under |exceeding )(20\d{2})(?![\d.])(?!\s*(?:次|个|户|元|kwh|kva|kw|笔|张|件|单|条|小时|分钟|秒|万|千|以上|以下|名))"), (m, _) => Year(Int(m, 1))),
    ];

    private static readonly (Regex Pattern, TimeGrain Grain)[] GrainRules =
    [
        (new Regex(@"每个?季度|各季度|按季度|分季度|逐季|quarterly|by quarter|per quarter|each quarter"), TimeGrain.Quarter),
        (new Regex(@"每个?月份?|各个?月份?|按月份?|逐月|分月|月度|月份?分布|monthly|by month|per month|each month|every month|month by month"), TimeGrain.Month),
        (new Regex(@"每一?年|各年度?|按年度?|逐年|分年度?|年度|yearly|annual(?:ly)?|by year|per year|each year|every year"), TimeGrain.Year),
        (new Regex(@"每周|各周|按周|逐周|weekly|by week|per week|each week"), TimeGrain.Week),
        (new Regex(@"每一?天|每日|各天|按天|按日|逐日|daily|by day|per day|each day"), TimeGrain.Day),
    ];

    private static readonly Regex YoY = new(@"同比|去年同期相比|与去年同期|比去年同期|year[- ]over[- ]year|year[- ]on[- ]year|yoy|compared (?:with|to) (?:the )?same period last year");
    private static readonly Regex MoM = new(@"环比|month[- ]over[- ]month|month[- ]on[- ]month|mom|compared (?:with|to) (?:the )?previous (?:month|period)");
    private static readonly Regex SamePeriodLastYear = new(@"去年同期|上年同期|same period last year");

    /// <summary>Finds the time phrases in <paramref name="text"/> (already normalised).</summary>
    public static TimeParse Parse(string text, DateOnly asOf)
    {
        var work = text.ToCharArray();
        var spans = new List<TimeExpression>();
        var comparison = TimeComparison.None;
        var shiftYear = false;

        if (TryMask(YoY, work, spans)) comparison = TimeComparison.YearOverYear;
        else if (TryMask(MoM, work, spans)) comparison = TimeComparison.PeriodOverPeriod;
        if (TryMask(SamePeriodLastYear, work, spans) && comparison == TimeComparison.None)
            shiftYear = true;

        TimeGrain? grain = null;
        foreach (var (pattern, g) in GrainRules)
        {
            if (grain is null && TryMask(pattern, work, spans)) grain = g;
        }

        DateRange? range = null;
        foreach (var (pattern, rule) in RangeRules)
        {
            foreach (Match m in pattern.Matches(new string(work)))
            {
                if (m.Length == 0 || IsMasked(work, m)) continue;
                DateRange? r;
                try { r = rule(m, asOf); }
                catch (ArgumentOutOfRangeException) { r = null; }
                if (r is null) continue;
                Mask(work, m, spans);
                range ??= r;
            }
        }

        if (shiftYear)
        {
            range = range is null
                ? new DateRange(new DateOnly(asOf.Year - 1, 1, 1), asOf.AddDays(1).AddYears(-1), "same period last year")
                : range.ShiftYears(-1);
        }
        return new TimeParse(range, grain, comparison, spans);
    }

    private static bool TryMask(Regex pattern, char[] work, List<TimeExpression> spans)
    {
        var found = false;
        foreach (Match m in pattern.Matches(new string(work)))
        {
            if (m.Length == 0 || IsMasked(work, m)) continue;
            if (char.IsAsciiLetter(m.Value[0]) && m.Index > 0 && char.IsAsciiLetter(work[m.Index - 1])) continue;
            var end = m.Index + m.Length;
            if (char.IsAsciiLetter(m.Value[^1]) && end < work.Length && char.IsAsciiLetter(work[end])) continue;
            Mask(work, m, spans);
            found = true;
        }
        return found;
    }

    private static bool IsMasked(char[] work, Match m)
    {
        for (var i = m.Index; i < m.Index + m.Length; i++)
            if (work[i] == '\0') return true;
        return false;
    }

    private static void Mask(char[] work, Match m, List<TimeExpression> spans)
    {
        spans.Add(new TimeExpression(m.Index, m.Length, m.Value));
        for (var i = m.Index; i < m.Index + m.Length; i++) work[i] = '\0';
    }

    private static int Int(Match m, int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);

    private static int RelYear(string word, DateOnly asOf) => word switch
    {
        "去年" => asOf.Year - 1,
        "前年" => asOf.Year - 2,
        "明年" => asOf.Year + 1,
        _ => asOf.Year,
    };

    private static int YearOf(string word, DateOnly asOf) =>
        word.EndsWith('年') && word.Length == 5 && char.IsAsciiDigit(word[0]) ? int.Parse(word[..4], CultureInfo.InvariantCulture) : RelYear(word, asOf);

    private static DateRange? Months(int y1, int m1, int y2, int m2)
    {
        if (m1 is < 1 or > 12 || m2 is < 1 or > 12) return null;
        var start = new DateOnly(y1, m1, 1);
        var end = new DateOnly(y2, m2, 1).AddMonths(1);
        return end <= start ? null : new DateRange(start, end, start == end.AddMonths(-1) ? $"{y1}-{m1:00}" : $"{y1}-{m1:00}..{y2}-{m2:00}");
    }

    private static DateRange MonthOf(DateOnly d) => Months(d.Year, d.Month, d.Year, d.Month)!;

    private static DateRange Year(int y) => new(new DateOnly(y, 1, 1), new DateOnly(y + 1, 1, 1), $"{y}");

    private static DateRange Day(DateOnly d) => new(d, d.AddDays(1), d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static DateRange? YearPart(int y, Match m, int offset = 2)
    {
        if (m.Groups[offset].Success && m.Groups[offset].Length > 0) return Months(y, 1, y, 6);
        if (m.Groups[offset + 1].Success && m.Groups[offset + 1].Length > 0) return Months(y, 7, y, 12);
        if (offset == 2 && m.Groups[4].Success) return Months(y, Int(m, 4) * 3 - 2, y, Int(m, 4) * 3);
        return Year(y);
    }

    /// <summary>
    /// The N days (weeks, months, years) that end with the as-of date, as 近30天 / the last 30 days count them: the
    /// as-of date is the last day, so the first is the day after as-of minus N units.
    /// </summary>
    private static DateRange? RollingWindow(int n, string unit, DateOnly asOf)
    {
        if (n <= 0 || n > 1000) return null;
        var before = unit switch
        {
            "week" => asOf.AddDays(-7 * n),
            "month" => asOf.AddMonths(-n),
            "year" => asOf.AddYears(-n),
            _ => asOf.AddDays(-n),
        };
        return new DateRange(before.AddDays(1), asOf.AddDays(1), $"past {n} {unit}s");
    }

    /// <summary>The last N whole months (or days, weeks, years) before the as-of date's month (day).</summary>
    private static DateRange? LastN(int n, string unit, DateOnly asOf)
    {
        if (n <= 0 || n > 1000) return null;
        var thisMonth = new DateOnly(asOf.Year, asOf.Month, 1);
        return unit switch
        {
            "月" or "month" => new DateRange(thisMonth.AddMonths(-n), thisMonth, $"last {n} months"),
            "季度" or "quarter" => new DateRange(thisMonth.AddMonths(-3 * n), thisMonth, $"last {n} quarters"),
            "年" or "year" => new DateRange(thisMonth.AddMonths(-12 * n), thisMonth, $"last {n} years"),
            "周" or "星期" or "week" => new DateRange(asOf.AddDays(-7 * n + 1), asOf.AddDays(1), $"last {n} weeks"),
            _ => new DateRange(asOf.AddDays(-n + 1), asOf.AddDays(1), $"last {n} days"),
        };
    }

    private static int MonthNumber(string abbr) =>
        Array.IndexOf(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], abbr[..3]) + 1;
}
