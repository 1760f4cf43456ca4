using System.Globalization;
using static IntegrationHub.DemoData.PowerMarketingReference;

namespace IntegrationHub.DemoData;

internal sealed partial class PowerMarketingGenerator
{
    private static readonly string[] CausesPlanned = ["计划检修", "线路改造", "配变增容", "市政施工配合"];
    private static readonly string[] CausesFault = ["设备故障", "树障", "外力破坏", "雷击", "小动物", "用户设备故障"];

    private void Outages()
    {
        var coastal = Cities.Where(c => c.Coastal).Select(c => c.Name).ToHashSet();
        foreach (var reg in _regions)
        {
            var n = (int)(_rng.Uniform(25, 60) * _cityWeight[reg.City] / 8) + 10;
            for (var k = 0; k < n; k++) _outages.Add(Outage(_outages.Count + 1, reg, coastal.Contains(reg.City)));
        }

        _outages = _outages.OrderBy(o => o.Start, StringComparer.Ordinal).Select((o, i) => o with { Id = i + 1 }).ToList();
    }

    private OutageRow Outage(int id, RegionRow reg, bool coastal)
    {
        var t0 = _start.AddMinutes(_rng.RandRange(0, SpanMinutes));
        var planned = _rng.Random() < 0.45;
        TimeSpan dur;
        string cause;
        if (planned)
        {
            t0 = t0.Date.AddHours(_rng.Choice([6, 7, 8, 9]));
            dur = TimeSpan.FromHours(_rng.Choice([4, 5, 6, 8, 10]));
            cause = _rng.Choice(CausesPlanned);
        }
        else
        {
            dur = TimeSpan.FromMinutes(_rng.RandRange(25, 420));
            cause = _rng.Choice(CausesFault);
            if (t0.Month is 7 or 8 or 9 && coastal && _rng.Random() < 0.35)
            {
                cause = "台风";
                dur = TimeSpan.FromMinutes(_rng.RandRange(180, 1440));
            }
            else if (t0.Month is 5 or 6 or 7 or 8 && _rng.Random() < 0.3)
            {
                cause = "雷击";
            }
        }

        var dir = _rng.Choice(["", "东", "西", "南", "北"]);
        var feeder = $"{reg.District[..2]}{dir}{_rng.RandRange(1, 40)}号线";
        var affected = !planned ? _rng.RandRange(20, 3500) : _rng.RandRange(50, 1800);
        return new OutageRow(id, reg.Id, planned ? "计划停电" : "故障停电", feeder, Ts(t0), Ts(t0 + dur), affected, cause);
    }

    private void WorkOrders()
    {
        foreach (var o in _outages.Where(o => o.Kind == "故障停电"))
        {
            var created = ParseTs(o.Start).AddMinutes(_rng.RandRange(3, 40));
            var source = Weighted([("95598", 60.0), ("网上国网", 30.0), ("巡检", 10.0)]);
            var cust = _rng.Choice(_customersByRegion[o.RegionId]);
            var prio = o.Affected > 1000 || o.Cause == "台风" ? "紧急" : "高";
            Order("故障抢修", source, o.RegionId, cust, o.Id, prio, created, _rng.Uniform(0.6, 9));
        }

        var sources = new Dictionary<string, (string, double)[]>
        {
            ["业扩报装"] = [("网上国网", 70), ("95598", 30)],
            ["计量装置"] = [("95598", 50), ("网上国网", 40), ("巡检", 10)],
            ["客户投诉"] = [("95598", 75), ("网上国网", 15), ("外呼回访", 10)],
            ["设备巡检"] = [("巡检", 100)],
            ["故障抢修"] = [("95598", 70), ("网上国网", 30)],
        };
        for (var k = 0; k < 7000; k++)
        {
            var reg = Weighted(_regionWeights);
            var created = _start.AddMinutes(_rng.RandRange(0, SpanMinutes));
            var kind = Weighted([("业扩报装", 30.0), ("计量装置", 25.0), ("客户投诉", 15.0), ("设备巡检", 20.0), ("故障抢修", 10.0)]);
            var cust = kind == "设备巡检" ? null : _rng.Choice(_customersByRegion[reg.Id]);
            var prio = kind != "故障抢修" ? Weighted([("紧急", 5.0), ("高", 25.0), ("一般", 70.0)]) : Weighted([("紧急", 30.0), ("高", 70.0)]);
            // The script builds a dict of all five durations and picks one: every draw is made.
            var h1 = _rng.Uniform(48, 720);
            var h2 = _rng.Uniform(4, 120);
            var h3 = _rng.Uniform(2, 200);
            var h4 = _rng.Uniform(2, 48);
            var h5 = _rng.Uniform(0.5, 8);
            var hours = kind switch { "业扩报装" => h1, "计量装置" => h2, "客户投诉" => h3, "设备巡检" => h4, _ => h5 };
            var source = Weighted(sources[kind]);
            Order(kind, source, reg.Id, cust, null, prio, created, hours);
        }

        _orders = _orders.OrderBy(w => w.Created, StringComparer.Ordinal).ToList();
    }

    private void Order(string kind, string source, int regionId, string? cust, int? outageId, string prio, DateTime created, double hours)
    {
        var wid = _orders.Count + 1;
        var closed = created.AddTicks((long)Math.Round(hours * 3600e6, MidpointRounding.ToEven) * 10);
        string status;
        string? closedS;
        if (closed > _asOf)
        {
            status = created > _asOf.AddDays(-3) ? _rng.Choice(["待派单", "处理中"]) : "处理中";
            closedS = null;
        }
        else
        {
            status = _rng.Random() < 0.93 ? "已完成" : "已关闭";
            closedS = Ts(closed);
        }

        _orders.Add(new OrderRow($"WO{created:yyyyMMdd}{wid:D5}", kind, source, regionId, cust, outageId, prio, status, Ts(created), closedS));
    }
}
