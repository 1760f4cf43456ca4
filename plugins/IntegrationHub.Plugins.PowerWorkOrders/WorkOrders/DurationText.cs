namespace IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;

/// <summary>A duration as an OA message says it: "1 小时 30 分钟", "45 分钟", "30 秒" (never "0 分钟").</summary>
internal static class DurationText
{
    public static string Chinese(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds))} 秒";
        }

        var hours = (int)duration.TotalHours;
        var minutes = duration.Minutes + (duration.Seconds > 0 ? 1 : 0);
        if (minutes == 60)
        {
            (hours, minutes) = (hours + 1, 0);
        }

        return (hours, minutes) switch
        {
            (0, _) => $"{minutes} 分钟",
            (_, 0) => $"{hours} 小时",
            _ => $"{hours} 小时 {minutes} 分钟",
        };
    }
}
