using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Data;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>The one-line summary of a result, in the question's language.</summary>
public static class AnswerText
{
    public static bool IsChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    public static string Summarize(string question, QueryResult result)
    {
        var zh = IsChinese(question);
        var rows = result.Rows;
        if (rows.Count == 0) return zh ? "没有符合条件的数据。" : "No rows match.";
        if (rows.Count == 1)
        {
            var parts = result.Columns.Select((c, i) => $"{c} = {Format(rows[0][i])}");
            return (zh ? "结果：" : "Result: ") + string.Join(", ", parts);
        }

        var count = rows.Count + (result.Truncated ? "+" : "");
        var label = Enumerable.Range(0, result.Columns.Count).FirstOrDefault(i => rows.All(r => !IsNumber(r[i])), -1);
        var measure = Enumerable.Range(0, result.Columns.Count).LastOrDefault(i => i != label && rows.All(r => r[i] is null || IsNumber(r[i])), -1);
        if (label >= 0 && measure >= 0)
        {
            var top = rows.Where(r => r[measure] is not null).MaxBy(r => ToDouble(r[measure]));
            if (top is not null)
            {
                return zh
                    ? $"共 {count} 行；{result.Columns[measure]} 最高的是 {Format(top[label])}（{Format(top[measure])}）。"
                    : $"{count} rows; highest {result.Columns[measure]}: {Format(top[label])} ({Format(top[measure])}).";
            }
        }

        return zh ? $"共 {count} 行。" : $"{count} rows.";
    }

    public static bool IsNumber(object? value) => value switch
    {
        long or int or short or double or float or decimal => true,
        JsonElement { ValueKind: JsonValueKind.Number } => true,
        _ => false,
    };

    public static double ToDouble(object? value) => value switch
    {
        null => double.NaN,
        JsonElement e when e.ValueKind == JsonValueKind.Number => e.GetDouble(),
        IConvertible c when IsNumber(value) => c.ToDouble(CultureInfo.InvariantCulture),
        _ => double.NaN,
    };

    public static string Format(object? value) => value switch
    {
        null => "NULL",
        double or float or decimal => ToDouble(value) is var d && Math.Abs(d) >= 1000 ? d.ToString("#,0.##", CultureInfo.InvariantCulture) : ToDouble(value).ToString("0.####", CultureInfo.InvariantCulture),
        long or int or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture),
        JsonElement e => e.ValueKind == JsonValueKind.Number ? Format(e.GetDouble()) : e.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
