using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// What each column and table of a catalog is: numbers, keys, time columns and their format, a Chinese description's
/// head term, listed values; a table's display name, category, default time column and noun.
/// </summary>
internal static partial class SchemaClassifier
{
    private static readonly string[] NumericTypes = ["int", "real", "num", "dec", "float", "double", "money"];

    public static ColumnModel Classify(TableModel table, ColumnInfo c)
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

    public static void Describe(TableModel tm, SemanticLayer? layer)
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
        if (layer?.TimeColumns is { } tc && tc.TryGetValue(tm.Name, out var col)) layerTime = col.Contains('.') ? col[(col.IndexOf('.') + 1)..] : col;
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

    [GeneratedRegex(@"status|state|result|flag|priority|level|状态|结果|标志|优先|等级")]
    private static partial Regex StatusLike();

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex MonthValue();

    [GeneratedRegex("(资产)?(流水号|编号|编码|代码|号码|标识|id|ID|号)$")]
    private static partial Regex KeySuffix();
}
