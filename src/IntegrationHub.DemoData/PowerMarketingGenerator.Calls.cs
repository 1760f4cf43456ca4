using System.Globalization;

namespace IntegrationHub.DemoData;

internal sealed partial class PowerMarketingGenerator
{
    private void Calls()
    {
        CollectionCalls();
        OutageNoticeCalls();
        SatisfactionCalls();
        _calls = _calls.OrderBy(c => c.CalledAt, StringComparer.Ordinal).Select((c, i) => c with { Id = i + 1 }).ToList();
    }

    private void CollectionCalls()
    {
        foreach (var b in _bills)
        {
            if (b.Status == "逾期" || (b.Status == "已结清" && _rng.Random() < 0.01))
            {
                var due = DateOnly.ParseExact(b.Due, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var day = due.AddDays(_rng.RandRange(1, 10));
                var h = _rng.RandRange(9, 20);
                var mi = _rng.RandRange(60);
                var when = day.ToDateTime(new TimeOnly(h, mi));
                if (when < _asOf) Call(b.CustomerId, "电费催缴", when, [("承诺缴费", 55), ("已缴费", 15), ("有异议", 15), ("转人工", 15)]);
            }
        }
    }

    private void OutageNoticeCalls()
    {
        foreach (var o in _outages.Where(o => o.Kind == "计划停电"))
        {
            var t0 = ParseTs(o.Start);
            var pool = _customersByRegion[o.RegionId];
            foreach (var cust in _rng.Sample(pool, Math.Min(pool.Count, _rng.RandRange(2, 7))))
            {
                var day = t0.AddDays(-_rng.RandRange(1, 4));
                var h = _rng.RandRange(9, 19);
                var mi = _rng.RandRange(60);
                var when = day.Date.Add(new TimeSpan(h, mi, day.Second));
                if (when < _asOf) Call(cust, "停电通知", when, [("知晓", 85), ("有异议", 8), ("转人工", 7)]);
            }
        }
    }

    private void SatisfactionCalls()
    {
        foreach (var w in _orders)
        {
            if (w.Status == "已完成" && w.Customer is not null && _rng.Random() < 0.55)
            {
                var when = ParseTs(w.Closed!).AddHours(_rng.RandRange(20, 72));
                when = when.Date.Add(new TimeSpan(_rng.RandRange(9, 20), when.Minute, when.Second));
                if (when < _asOf)
                {
                    var good = w.Kind != "客户投诉" ? 88.0 : 62.0;
                    Call(w.Customer, "满意度回访", when, [("满意", good), ("不满意", 100 - good - 4), ("转人工", 4)]);
                }
            }
        }
    }

    private void Call(string cust, string purpose, DateTime when, (string, double)[] intents)
    {
        var result = Weighted([("接通", 68.0), ("未接听", 22.0), ("拒接", 7.0), ("空号", 3.0)]);
        string? intent = null;
        var duration = 0;
        int? sat = null;
        if (result == "接通")
        {
            intent = Weighted(intents);
            duration = _rng.RandRange(25, 180);
            if (purpose == "满意度回访")
            {
                var s1 = _rng.Choice([4, 5, 5, 5]);
                var s2 = _rng.Choice([1, 2, 2, 3]);
                var s3 = _rng.Choice([2, 3, 4]);
                sat = intent switch { "满意" => s1, "不满意" => s2, _ => s3 };
            }
        }

        _calls.Add(new CallRow(_calls.Count + 1, cust, purpose, Ts(when), result, duration, intent, sat));
    }
}
