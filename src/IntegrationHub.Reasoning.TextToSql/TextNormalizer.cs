using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// One normal form for questions and lexicon terms alike: half-width, lower case, English words singular,
/// Chinese numerals before a counter turned into digits ("最近三个月" → "最近3个月").
/// </summary>
public static partial class TextNormalizer
{
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var c = ch;
            if (c == '\u3000') c = ' ';
            else if (c >= '\uFF01' && c <= '\uFF5E') c = (char)(c - 0xFEE0);
            else if (c == '、' || c == '，' || c == '；') c = ',';
            else if (c == '？') c = '?';
            else if (c == '（') c = '(';
            else if (c == '）') c = ')';
            else if (c == '～' || c == '—' || c == '–') c = '-';
            sb.Append(char.ToLowerInvariant(c));
        }
        var s = sb.ToString();
        s = EnglishWord().Replace(s, m => Singular(m.Value));
        s = EnglishNumber().Replace(s, m => (Array.IndexOf(NumberWords, m.Value) + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        s = ChineseCount().Replace(s, m => ParseChineseNumber(m.Groups[1].Value) is { } n ? n.ToString() : m.Value);
        s = ChineseAfterPrefix().Replace(s, m => ParseChineseNumber(m.Groups[1].Value) is { } n ? n.ToString() : m.Value);
        return s;
    }

    public static string Singular(string w)
    {
        if (w.Length <= 3) return w;
        if (w.EndsWith("ies")) return w[..^3] + "y";
        if (w.EndsWith("ches") || w.EndsWith("shes") || w.EndsWith("sses") || w.EndsWith("xes")) return w[..^2];
        if (w.EndsWith('s') && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is")) return w[..^1];
        return w;
    }

    public static long? ParseChineseNumber(string s)
    {
        if (s.Length == 0) return null;
        if (s.All(char.IsAsciiDigit)) return long.Parse(s);
        if (s.Length > 1 && s.All(c => "零〇一二三四五六七八九".Contains(c)))
            return long.Parse(new string(s.Select(c => (char)('0' + Math.Max(0, "零一二三四五六七八九".IndexOf(c)))).ToArray()));
        long total = 0, section = 0, digit = -1;
        foreach (var c in s)
        {
            var d = "零一二三四五六七八九".IndexOf(c);
            if (c == '〇') d = 0;
            if (c == '两') d = 2;
            if (d >= 0) { digit = d; continue; }
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10000, _ => 0 };
            if (unit == 0) return null;
            if (unit == 10000)
            {
                section += digit > 0 ? digit : 0;
                total = (total + section) * 10000;
                section = 0;
                digit = -1;
                continue;
            }
            section += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
        }
        if (digit > 0) section += digit;
        var value = total + section;
        return value == 0 && !s.Contains('零') && !s.Contains('〇') ? null : value;
    }

    public static bool IsCjk(char c) => c >= '\u3400' && c <= '\u9fff';

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static readonly string[] NumberWords = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    [GeneratedRegex("(?<![a-z])(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?![a-z])")]
    private static partial Regex EnglishNumber();

    [GeneratedRegex("[a-z]+")]
    private static partial Regex EnglishWord();

    [GeneratedRegex("([零〇一二两三四五六七八九十百千]+)(?=个|名|位|家|条|次|笔|张|户|件|单|通|天|日|周|星期|年|月|季度|小时|分钟|大)")]
    private static partial Regex ChineseCount();

    [GeneratedRegex("(?<=前|top ?)([一二两三四五六七八九十]+)")]
    private static partial Regex ChineseAfterPrefix();
}
