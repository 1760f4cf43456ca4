using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.Offline;

/// <summary>
/// Offline <c>summarize</c>: a template per result shape (no rows, one value, one row, a time series, a ranking by
/// category, a plain list) in Chinese or English; free text is cut to its leading sentences.
/// </summary>
public sealed partial class Summarizer
{
    public const string Version = "offline-summary/1";

    public string Summarize(SummarizeRequest request)
    {
        var zh = !request.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var subject = string.IsNullOrWhiteSpace(request.Subject) ? null : request.Subject.Trim();
        if (request.Rows is not null && request.Columns is not null) return SummarizeRows(request.Columns, request.Rows, subject, zh);
        return SummarizeText(request.Text ?? "", subject, zh);
    }

    private static string SummarizeText(string text, string? subject, bool zh)
    {
        var sentences = SentenceEnd().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var limit = zh ? 120 : 300;
        var picked = new List<string>();
        var length = 0;
        foreach (var s in sentences)
        {
            if (picked.Count > 0 && length + s.Length > limit) break;
            picked.Add(s);
            length += s.Length;
        }
        var body = string.Join(zh ? "" : " ", picked);
        if (body.Length > limit) body = body[..limit] + "…";
        if (body.Length == 0) return zh ? "（无内容）" : "(empty)";
        return subject is null ? body : zh ? $"{subject}：{body}" : $"{subject}: {body}";
    }

    private static string SummarizeRows(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows, string? subject, bool zh)
    {
        var about = subject ?? (zh ? "查询结果" : "The result");
        if (rows.Count == 0) return zh ? $"{about}没有数据。" : $"{about}: no rows.";

        if (rows.Count == 1)
        {
            var row = rows[0];
            if (columns.Count == 1) return zh ? $"{about}：{columns[0]}为{Text(row.ElementAtOrDefault(0))}。" : $"{about}: {columns[0]} is {Text(row.ElementAtOrDefault(0))}.";
            var pairs = columns.Select((c, i) => zh ? $"{c}{Text(row.ElementAtOrDefault(i))}" : $"{c} {Text(row.ElementAtOrDefault(i))}");
            return zh ? $"{about}：{string.Join("，", pairs)}。" : $"{about}: {string.Join(", ", pairs)}.";
        }

        var numeric = Enumerable.Range(0, columns.Count).Where(i => rows.All(r => r.ElementAtOrDefault(i) is null || Number(r[i]) is not null) && rows.Any(r => Number(r.ElementAtOrDefault(i)) is not null)).ToList();
        var label = Enumerable.Range(0, columns.Count).FirstOrDefault(i => !numeric.Contains(i), -1);
        if (numeric.Count == 0 || label < 0)
        {
            var col = label >= 0 ? label : 0;
            var items = rows.Select(r => Text(r.ElementAtOrDefault(col))).Distinct().Take(5).ToList();
            var more = rows.Count > items.Count;
            return zh
                ? $"{about}共{rows.Count}行，{columns[col]}包括{string.Join("、", items)}{(more ? "等" : "")}。"
                : $"{about}: {rows.Count} rows; {columns[col]} includes {string.Join(", ", items)}{(more ? ", …" : "")}.";
        }

        var metric = numeric[0];
        var points = rows.Select(r => (Label: Text(r.ElementAtOrDefault(label)), Value: Number(r.ElementAtOrDefault(metric)) ?? 0)).ToList();
        var max = points.MaxBy(p => p.Value);
        var min = points.MinBy(p => p.Value);
        var total = points.Sum(p => p.Value);
        var name = columns[metric];
        var others = numeric.Skip(1).Select(i => (columns[i], rows.Sum(r => Number(r.ElementAtOrDefault(i)) ?? 0))).ToList();
        var otherText = others.Count == 0 ? "" : zh
            ? "；" + string.Join("，", others.Select(o => $"{o.Item1}合计{Format(o.Item2)}"))
            : "; " + string.Join(", ", others.Select(o => $"{o.Item1} totals {Format(o.Item2)}"));

        if (rows.All(r => LooksLikeTime(r.ElementAtOrDefault(label))))
        {
            var first = points[0];
            var last = points[^1];
            var change = first.Value == 0 ? null : (double?)((last.Value - first.Value) / Math.Abs(first.Value) * 100);
            var changeText = change is { } c ? (zh ? $"（{(c >= 0 ? "增长" : "下降")}{Math.Abs(c):0.#}%）" : $" ({c:+0.#;-0.#}%)") : "";
            return zh
                ? $"{about}：从{first.Label}到{last.Label}共{rows.Count}期，{name}由{Format(first.Value)}变为{Format(last.Value)}{changeText}；最高为{max.Label}（{Format(max.Value)}），最低为{min.Label}（{Format(min.Value)}）{otherText}。"
                : $"{about}: {rows.Count} periods from {first.Label} to {last.Label}; {name} went from {Format(first.Value)} to {Format(last.Value)}{changeText}; highest {max.Label} ({Format(max.Value)}), lowest {min.Label} ({Format(min.Value)}){otherText}.";
        }

        var top = points.OrderByDescending(p => p.Value).Take(3).Select(p => zh ? $"{p.Label}（{Format(p.Value)}）" : $"{p.Label} ({Format(p.Value)})");
        return zh
            ? $"{about}共{rows.Count}项，{name}合计{Format(total)}；最高为{max.Label}（{Format(max.Value)}），最低为{min.Label}（{Format(min.Value)}）；前三为{string.Join("、", top)}{otherText}。"
            : $"{about}: {rows.Count} items, {name} totals {Format(total)}; highest {max.Label} ({Format(max.Value)}), lowest {min.Label} ({Format(min.Value)}); top: {string.Join(", ", top)}{otherText}.";
    }

    internal static double? Number(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } e => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        JsonElement => null,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        bool => null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    internal static string Text(object? value) => value switch
    {
        null => "—",
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Null } => "—",
        JsonElement { ValueKind: JsonValueKind.Number } e => Format(e.GetDouble()),
        JsonElement e => e.GetRawText(),
        double or float or decimal => Format(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Format(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static bool LooksLikeTime(object? value) => value is DateTime or DateOnly or DateTimeOffset || TimeLike().IsMatch(Text(value));

    [GeneratedRegex(@"^(\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?月?|\d{4}年?|\d{4}-?Q[1-4]|\d{1,2}月份?|\d{4}年第?[一二三四1-4]季度)")]
    private static partial Regex TimeLike();

    [GeneratedRegex(@"(?<=[。！？!?；;\n])|(?<=\.)\s+")]
    private static partial Regex SentenceEnd();
}
