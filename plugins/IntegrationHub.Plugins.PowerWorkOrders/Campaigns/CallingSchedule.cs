using System.Globalization;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

/// <summary>
/// When each batch of a campaign's calls may be handed to the voice platform: batches are spaced so the numbers per
/// minute stay under the rate limit, and every batch starts inside the legal calling window (local time), outside
/// do-not-disturb ranges, leaving the window time for its own calls; otherwise it moves to the next allowed time.
/// </summary>
public static class CallingSchedule
{
    public static IReadOnlyList<DateTimeOffset> Slots(DateTimeOffset from, int customers, CallingSettings options)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        var batches = (customers + batchSize - 1) / batchSize;
        var spacing = Spacing(options);
        var quiet = QuietRanges(options);
        var slots = new List<DateTimeOffset>(batches);
        var next = from;
        for (var i = 0; i < batches; i++)
        {
            var slot = Allowed(next, spacing, options, quiet);
            slots.Add(slot);
            next = slot + spacing;
        }

        return slots;
    }

    /// <summary>The time one full batch takes out of the rate limit.</summary>
    public static TimeSpan Spacing(CallingSettings options) => TimeSpan.FromMinutes((double)Math.Max(1, options.BatchSize) / Math.Max(1, options.CallsPerMinute));

    /// <summary>True when a batch starting at <paramref name="at"/> and lasting <paramref name="length"/> lies inside the window and outside quiet ranges.</summary>
    public static bool IsAllowed(DateTimeOffset at, TimeSpan length, CallingSettings options) => Allowed(at, length, options, QuietRanges(options)) == at;

    private static DateTimeOffset Allowed(DateTimeOffset candidate, TimeSpan length, CallingSettings options, IReadOnlyList<(TimeSpan Start, TimeSpan End)> quiet)
    {
        var local = candidate.ToOffset(options.UtcOffset);
        for (var guard = 0; guard < 1000; guard++)
        {
            var day = new DateTimeOffset(local.Date, options.UtcOffset);
            var time = local.TimeOfDay;
            if (time < options.WindowStart)
            {
                local = day + options.WindowStart;
                continue;
            }

            if (time + length > options.WindowEnd)
            {
                local = day.AddDays(1) + options.WindowStart;
                continue;
            }

            var blocked = quiet.FirstOrDefault(q => time < q.End && time + length > q.Start);
            if (blocked != default)
            {
                local = day + blocked.End;
                continue;
            }

            return local.ToOffset(candidate.Offset);
        }

        throw new InvalidOperationException("No allowed calling time: check WindowStart/WindowEnd and DoNotDisturb.");
    }

    private static List<(TimeSpan Start, TimeSpan End)> QuietRanges(CallingSettings options) =>
        options.DoNotDisturb.Select(range =>
        {
            var parts = range.Split('-', 2, StringSplitOptions.TrimEntries);
            return (TimeSpan.ParseExact(parts[0], @"hh\:mm", CultureInfo.InvariantCulture), TimeSpan.ParseExact(parts[1], @"hh\:mm", CultureInfo.InvariantCulture));
        }).ToList();
}
