using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>Built-in campaign kinds, grid queries (over the demo power-marketing schema) and segments, used where configuration names none.</summary>
internal static class CampaignDefaults
{
    private const string Customer = "SELECT c.customer_id, c.name, c.phone FROM customer c ";
    private const string OnGrid = Customer + "JOIN supply_topology t ON t.customer_id = c.customer_id ";

    public static void AddKinds(PowerWorkOrdersOptions options)
    {
        foreach (var (kind, settings) in Kinds())
        {
            options.Campaigns.Kinds.TryAdd(kind, settings);
        }
    }

    /// <summary>After binding: lists and maps a built-in kind left empty get the built-in ones (binding would add to them, not replace them).</summary>
    public static void Apply(PowerWorkOrdersOptions options)
    {
        foreach (var (kind, (quiet, retries)) in KindLists())
        {
            if (options.Campaigns.Kinds.TryGetValue(kind, out var settings))
            {
                settings.DoNotDisturb = settings.DoNotDisturb.Count > 0 ? settings.DoNotDisturb : quiet;
                settings.Retries = settings.Retries.Count > 0 ? settings.Retries : retries;
            }
        }

        foreach (var (selector, sql) in Queries())
        {
            options.Targeting.Queries.TryAdd(selector, sql);
        }

        foreach (var (segment, sql) in Segments())
        {
            options.Targeting.Segments.TryAdd(segment, sql);
        }
    }

    private static Dictionary<string, CallingSettings> Kinds() => new()
    {
        [CampaignKinds.FeeReminder] = new CallingSettings
        {
            FallbackText = "【供电公司】尊敬的{name}：您户号下电费尚未缴纳，请通过网上国网或营业厅及时缴费。如已缴请忽略。",
            WindowStart = TimeSpan.FromHours(9),
            WindowEnd = TimeSpan.FromHours(18),
        },
        [CampaignKinds.SatisfactionSurvey] = new CallingSettings
        {
            WindowStart = TimeSpan.FromHours(9),
            WindowEnd = TimeSpan.FromHours(18),
        },
    };

    private static Dictionary<string, (List<string> Quiet, Dictionary<string, RetryRule> Retries)> KindLists() => new()
    {
        [CampaignKinds.FeeReminder] = (["12:00-14:00"], new(StringComparer.OrdinalIgnoreCase)
        {
            ["no-answer"] = new() { MaxAttempts = 3, After = TimeSpan.FromHours(2) },
            ["busy"] = new() { MaxAttempts = 3, After = TimeSpan.FromMinutes(30) },
        }),
        [CampaignKinds.SatisfactionSurvey] = (["12:00-14:00"], new(StringComparer.OrdinalIgnoreCase)
        {
            ["no-answer"] = new() { MaxAttempts = 2, After = TimeSpan.FromHours(4) },
        }),
    };

    public static Dictionary<string, string> Queries() => new()
    {
        [GridSelectors.Feeder] = OnGrid + "WHERE t.feeder IN (@values) AND c.status = '正常' ORDER BY c.customer_id",
        [GridSelectors.TransformerArea] = OnGrid + "WHERE t.transformer_area IN (@values) AND c.status = '正常' ORDER BY c.customer_id",
        [GridSelectors.Region] = Customer + "WHERE c.region_id IN (@values) AND c.status = '正常' ORDER BY c.customer_id",
        [GridSelectors.District] = Customer + "JOIN region r ON r.region_id = c.region_id WHERE r.district IN (@values) AND c.status = '正常' ORDER BY c.customer_id",
        [GridSelectors.Customer] = Customer + "WHERE c.customer_id IN (@values) ORDER BY c.customer_id",
    };

    private static Dictionary<string, string> Segments() => new()
    {
        ["overdue-bills"] = "SELECT DISTINCT c.customer_id, c.name, c.phone FROM customer c JOIN bill b ON b.customer_id = c.customer_id " +
            "WHERE b.status = '逾期' AND c.status = '正常' ORDER BY c.customer_id",
        ["recent-repairs"] = "SELECT DISTINCT c.customer_id, c.name, c.phone FROM customer c JOIN work_order w ON w.customer_id = c.customer_id " +
            "WHERE w.kind = '故障抢修' AND w.status = '已完成' AND w.closed_at >= @since ORDER BY c.customer_id",
    };
}
