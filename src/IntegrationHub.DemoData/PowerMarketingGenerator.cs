using System.Globalization;
using static IntegrationHub.DemoData.PowerMarketingReference;

namespace IntegrationHub.DemoData;

/// <summary>
/// A line-by-line port of <c>generate.py</c>: every draw happens in the script's order (including the draws a Python
/// dict literal makes for every key), so the rows are the script's rows. One instance generates once; the steps run
/// in the script's order and each reads what the earlier ones drew.
/// </summary>
internal sealed partial class PowerMarketingGenerator
{
    private const uint Seed = 20250618;

    private readonly PythonRandom _rng = new(Seed);
    private readonly DateTime _asOf = PowerMarketingDatabase.AsOf.ToDateTime(TimeOnly.MinValue);
    private readonly DateTime _start = new(2024, 1, 1);
    private readonly List<RegionRow> _regions = [];
    private readonly List<CustomerRow> _customers = [];
    private readonly List<MeterRow> _meters = [];
    private readonly List<ConsumptionRow> _consumption = [];
    private readonly List<BillRow> _bills = [];
    private readonly List<PaymentRow> _payments = [];
    private List<OutageRow> _outages = [];
    private readonly Dictionary<int, List<string>> _customersByRegion = [];
    private List<OrderRow> _orders = [];
    private List<CallRow> _calls = [];
    private Dictionary<string, int> _cityWeight = [];
    private (RegionRow Region, double Weight)[] _regionWeights = [];

    private int SpanMinutes => (int)Math.Floor((_asOf - _start).TotalSeconds / 60);

    public static IReadOnlyList<DemoTable> Generate() => new PowerMarketingGenerator().Run();

    private IReadOnlyList<DemoTable> Run()
    {
        Regions();
        Customers();
        Billing();
        Outages();
        WorkOrders();
        Calls();
        return
        [
            new("region", _regions.Select(r => r.Values()).ToList()),
            new("customer", _customers.Select(c => c.Values()).ToList()),
            new("meter", _meters.Select(m => m.Values()).ToList()),
            new("monthly_consumption", _consumption.Select(m => m.Values()).ToList()),
            new("bill", _bills.Select(b => b.Values()).ToList()),
            new("payment", _payments.Select(p => p.Values()).ToList()),
            new("outage", _outages.Select(o => o.Values()).ToList()),
            new("work_order", _orders.Select(w => w.Values()).ToList()),
            new("outbound_call", _calls.Select(c => c.Values()).ToList()),
            new("supply_topology", PowerMarketingTopology.Generate(Seed + 1, _regions, _customers)),
        ];
    }

    private static IEnumerable<(int Y, int M)> Months()
    {
        var (y, m) = FirstMonth;
        while ((y, m).CompareTo(LastMonth) <= 0)
        {
            yield return (y, m);
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1);
        }
    }

    private T Weighted<T>(IReadOnlyList<(T Value, double Weight)> pairs)
    {
        var total = 0.0;
        foreach (var p in pairs) total += p.Weight;
        var x = _rng.Uniform(0, total);
        foreach (var (value, weight) in pairs)
        {
            x -= weight;
            if (x <= 0) return value;
        }

        return pairs[^1].Value;
    }

    /// <summary>Python's <c>round(x, n)</c>: correctly rounded from the double's exact value.</summary>
    private static double Round(double value, int digits) =>
        double.Parse(value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Ts(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime ParseTs(string s) => DateTime.ParseExact(s, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
