using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>Chainage (里程) as written on Chinese lines: <c>K12+345.6</c> is kilometre 12 plus 345.6 m = 12345.6 m.</summary>
public static partial class Chainage
{
    public static bool TryParse(string? text, out double metres)
    {
        metres = 0;
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        var km = int.Parse(match.Groups["km"].Value, CultureInfo.InvariantCulture);
        var m = double.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (m >= 1000)
        {
            return false;
        }

        metres = km * 1000 + m;
        return true;
    }

    public static string Format(double metres)
    {
        var km = (int)Math.Floor(metres / 1000);
        return string.Create(CultureInfo.InvariantCulture, $"K{km}+{metres - km * 1000:000.0}");
    }

    // An optional line prefix (DK, YK, ZK…) as railway and divided-highway chainages carry.
    [GeneratedRegex(@"^[A-Z]{0,2}K(?<km>\d{1,4})\+(?<m>\d{1,3}(\.\d+)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
