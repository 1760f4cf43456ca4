using System.Globalization;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>
/// A calling window that opens a few seconds from now and stays open to the end of the local day, set in a zone where
/// it is about noon now, so the window fits whatever hour of the day the tests run at.
/// </summary>
internal sealed record CallingWindow(TimeSpan UtcOffset, TimeSpan Start, DateTimeOffset Opens)
{
    /// <summary>The window opening at the next whole second at least <paramref name="delay"/> after <paramref name="now"/>.</summary>
    public static CallingWindow OpeningIn(DateTimeOffset now, TimeSpan delay)
    {
        var offset = TimeSpan.FromMinutes(Math.Round((TimeSpan.FromHours(12) - now.UtcDateTime.TimeOfDay).TotalMinutes));
        var local = now.ToOffset(offset);
        var start = TimeSpan.FromSeconds(Math.Ceiling((local.TimeOfDay + delay).TotalSeconds));
        return new CallingWindow(offset, start, new DateTimeOffset(local.Date, offset) + start);
    }

    /// <summary>The calling settings (<c>UtcOffset</c>, <c>WindowStart</c>, <c>WindowEnd</c>) of the section <paramref name="prefix"/>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string prefix) =>
    [
        new(prefix + "UtcOffset", UtcOffset.ToString("c", CultureInfo.InvariantCulture)),
        new(prefix + "WindowStart", Start.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
        new(prefix + "WindowEnd", "23:59:59"),
    ];
}
