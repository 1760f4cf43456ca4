namespace IntegrationHub.DemoData;

/// <summary>
/// The grid behind the customers (not in <c>generate.py</c>): per region a few feeders, per feeder a few
/// transformer areas (台区), every customer on one area. Drawn from its own seed after everything else, so the
/// script's tables keep the script's rows.
/// </summary>
internal static class PowerMarketingTopology
{
    public static List<object?[]> Generate(uint seed, IReadOnlyList<RegionRow> regions, IReadOnlyList<CustomerRow> customers)
    {
        var rng = new PythonRandom(seed);
        var areas = new Dictionary<int, List<(string Feeder, string Area)>>();
        foreach (var region in regions)
        {
            var list = new List<(string, string)>();
            var feeders = rng.RandRange(3, 6);
            for (var f = 1; f <= feeders; f++)
            {
                var feeder = $"{region.District[..2]}{rng.Choice(["东", "西", "南", "北"])}{f * 7 + rng.RandRange(0, 7)}号线";
                var count = rng.RandRange(2, 6);
                for (var a = 1; a <= count; a++) list.Add((feeder, $"TQ{region.Id:D2}{f:D2}-{a:D2}"));
            }

            areas[region.Id] = list;
        }

        return customers.Select(c =>
        {
            var (feeder, area) = rng.Choice(areas[c.RegionId]);
            return new object?[] { c.Id, feeder, area };
        }).ToList();
    }
}
