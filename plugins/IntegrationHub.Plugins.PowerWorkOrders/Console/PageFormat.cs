using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;

namespace IntegrationHub.Plugins.PowerWorkOrders.Console;

/// <summary>What the plugin's console pages share: times as the console shows them, and the query-string links of filters and paging.</summary>
internal static class PageFormat
{
    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The page's query with <paramref name="key"/> set (or removed when null), back to the first page.</summary>
    public static Dictionary<string, string> With(ConsolePageRequest request, string key, string? value)
    {
        var query = request.Query.Where(q => q.Key != key && q.Key != "offset").ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        if (value is not null)
        {
            query[key] = value;
        }

        return query;
    }

    /// <summary>"all" and each value of a filter as links, the one the page shows now marked.</summary>
    public static ConsoleLinks Choices(ConsolePageRequest request, string key, string label, IEnumerable<string> values)
    {
        var current = request.Query.GetValueOrDefault(key) ?? "";
        var links = new List<ConsoleLink> { new(request.Text("all", "全部"), With(request, key, null), Current: current.Length == 0) };
        links.AddRange(values.Select(v => new ConsoleLink(v, With(request, key, v), Current: string.Equals(v, current, StringComparison.OrdinalIgnoreCase))));
        return new ConsoleLinks(links, label);
    }

    /// <summary>Previous/next links for an operator query's page, and a note when the scan stopped at its cap.</summary>
    public static IEnumerable<ConsoleBlock> Paging(ConsolePageRequest request, DocumentFilter filter, DocumentPage page)
    {
        var links = new List<ConsoleLink>();
        if (filter.Offset > 0)
        {
            links.Add(new ConsoleLink(request.Text("Previous", "上一页"), Offset(request, Math.Max(0, filter.Offset - filter.Limit))));
        }

        if (page.HasMore)
        {
            links.Add(new ConsoleLink(request.Text("Next", "下一页"), Offset(request, filter.Offset + filter.Limit)));
        }

        if (links.Count > 0)
        {
            yield return new ConsoleLinks(links);
        }

        if (page.Truncated)
        {
            yield return new ConsoleFields([new(request.Text("Note", "说明"), request.Text("Only the most recent documents were searched; narrow the filter to see older ones.", "只查找了最近的记录；缩小筛选范围以查看更早的记录。"))]);
        }
    }

    private static Dictionary<string, string> Offset(ConsolePageRequest request, int offset)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        query["offset"] = offset.ToString(CultureInfo.InvariantCulture);
        return query;
    }
}
