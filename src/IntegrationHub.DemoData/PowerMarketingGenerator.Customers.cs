using System.Globalization;
using static IntegrationHub.DemoData.PowerMarketingReference;

namespace IntegrationHub.DemoData;

internal sealed partial class PowerMarketingGenerator
{
    private void Regions()
    {
        var rid = 0;
        foreach (var city in Cities)
        {
            foreach (var d in city.Districts)
            {
                rid++;
                _regions.Add(new RegionRow(rid, city.Name, d, $"国网{city.Name}供电公司"));
            }
        }

        _cityWeight = Cities.ToDictionary(c => c.Name, c => c.Weight);
        _regionWeights = _regions.Select(r => (r, (double)_cityWeight[r.City] / _regions.Count(x => x.City == r.City))).ToArray();
    }

    private void Customers()
    {
        var opened0 = new DateOnly(2003, 1, 1);
        var openedSpan = new DateOnly(2025, 3, 1).DayNumber - opened0.DayNumber;
        for (var serial = 1; serial <= 6000; serial++)
        {
            var cat = Weighted(Categories.Select(c => (c, c.Share)).ToArray());
            var reg = Weighted(_regionWeights);
            var cid = $"33{reg.Id:D2}{serial:D6}";
            var cname = CustomerName(cat, reg);
            var opened = opened0.AddDays(_rng.RandRange(0, openedSpan));
            var status = Weighted([("正常", 96.0), ("暂停", 2.0), ("销户", 2.0)]);
            var capacity = Round(_rng.Uniform(cat.Capacity.Lo, cat.Capacity.Hi), 0);
            var p1 = _rng.Choice("3578");
            var p2 = _rng.RandRange(0, 10);
            var p3 = _rng.RandRange(0, 10000);
            var phone = $"1{p1}{p2}****{p3:D4}";
            var volt = _rng.Choice(cat.Volts);
            _customers.Add(new CustomerRow(cid, cname, cat.Name, volt, reg.Id, capacity, Iso(opened), status, phone));
            var phase = cat.Name == "居民生活" ? "单相" : "三相";
            var threePhaseModel = _rng.Choice(["DTZY71", "DSZY71", "DTZ719"]);
            var model = phase == "单相" ? "DDZY71-Z" : threePhaseModel;
            var mult = cat.Name is "居民生活" or "农业生产" ? 1 : cat.Name == "一般工商业" ? _rng.Choice([1, 30, 50, 100, 200]) : _rng.Choice([200, 500, 1000, 2000]);
            _meters.Add(new MeterRow($"M{reg.Id:D2}{serial:D7}", cid, model, phase, Iso(opened), mult));
            if (!_customersByRegion.TryGetValue(reg.Id, out var list)) _customersByRegion[reg.Id] = list = [];
            list.Add(cid);
        }
    }

    private string CustomerName(Category cat, RegionRow reg)
    {
        if (cat.Name == "居民生活")
        {
            var surname = _rng.Choice(Surnames);
            var count = _rng.Choice([1, 2]);
            var given = string.Concat(Enumerable.Range(0, count).Select(_ => _rng.Choice(Given)));
            return surname + given;
        }

        var word = _rng.Choice(CompanyWords);
        return reg.City + word + _rng.Choice(CompanyKinds[cat.Name]);
    }

    private void Billing()
    {
        var catOf = Categories.ToDictionary(c => c.Name);
        foreach (var c in _customers)
        {
            var cat = catOf[c.Category];
            var opened = DateOnly.ParseExact(c.Opened, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var @base = _rng.Uniform(cat.Kwh.Lo, cat.Kwh.Hi);
            var latePayer = _rng.Random() < 0.06;
            (int Y, int M)? closedFrom = null;
            if (c.Status == "销户")
            {
                var cy = 2024 + _rng.RandRange(0, 2);
                closedFrom = (cy, _rng.RandRange(1, 13));
            }

            foreach (var (y, m) in Months())
            {
                if (new DateOnly(y, m, 1) < new DateOnly(opened.Year, opened.Month, 1)) continue;
                if (closedFrom is { } cf && (y, m).CompareTo(cf) >= 0) break;
                if (c.Status == "暂停" && (y, m).CompareTo((2025, 3)) >= 0) continue;
                var season = c.Category is "居民生活" or "一般工商业" ? Season[m] : (c.Category == "农业生产" && m is 6 or 7 or 8 ? 1.3 : 1.0);
                var growth = c.Category != "居民生活" ? 1.0 + 0.05 * (y - 2024) : 1.0 + 0.03 * (y - 2024);
                var spring = c.Category == "大工业" && m == 2 ? 0.72 : 1.0;
                var total = Round(@base * season * growth * spring * _rng.Uniform(0.88, 1.12), 1);
                var peak = Round(total * _rng.Uniform(0.32, 0.42), 1);
                var valley = Round(total * _rng.Uniform(0.22, 0.34), 1);
                var flat = Round(total - peak - valley, 1);
                var demand = Round(total / (30 * 24) * _rng.Uniform(1.6, 3.2), 1);
                var ym = $"{y}-{m:D2}";
                _consumption.Add(new ConsumptionRow(c.Id, ym, total, peak, flat, valley, demand));
                Bill(c, cat, y, m, total, latePayer);
            }
        }
    }

    private void Bill(CustomerRow c, Category cat, int y, int m, double total, bool latePayer)
    {
        var billId = _bills.Count + 1;
        var amount = Round(total * cat.Price * _rng.Uniform(0.99, 1.01), 2);
        var issued = new DateOnly(y + (m == 12 ? 1 : 0), m == 12 ? 1 : m + 1, 1);
        var due = issued.AddDays(19);
        DateOnly? paidOn = Lateness(latePayer) is { } late ? issued.AddDays(late) : null;
        string status;
        if (paidOn is { } po && po <= PowerMarketingDatabase.AsOf)
        {
            status = "已结清";
            Payment(c, billId, amount, issued, po);
        }
        else
        {
            status = due < PowerMarketingDatabase.AsOf ? "逾期" : "未缴";
        }

        _bills.Add(new BillRow(billId, c.Id, $"{y}-{m:D2}", total, amount, Iso(issued), Iso(due), status));
    }

    private int? Lateness(bool latePayer)
    {
        var r = _rng.Random();
        if (latePayer)
        {
            if (r < 0.55) return _rng.RandRange(20, 60);
            if (r < 0.85) return _rng.RandRange(0, 19);
            return null;
        }

        if (r < 0.975) return _rng.RandRange(0, 19);
        if (r < 0.99) return _rng.RandRange(20, 45);
        return null;
    }

    private void Payment(CustomerRow c, int billId, double amount, DateOnly issued, DateOnly paidOn)
    {
        var h = _rng.RandRange(7, 23);
        var mi = _rng.RandRange(60);
        var s = _rng.RandRange(60);
        var paidAt = paidOn.ToDateTime(new TimeOnly(h, mi, s));
        var channel = Weighted(PayChannels[c.Category]);
        if (channel == "银行代扣")
        {
            var day = issued.AddDays(_rng.RandRange(1, 6));
            var bm = _rng.RandRange(60);
            var bs = _rng.RandRange(60);
            paidAt = day.ToDateTime(new TimeOnly(2, bm, bs));
        }

        _payments.Add(new PaymentRow(_payments.Count + 1, billId, c.Id, Ts(paidAt), amount, channel));
    }
}
