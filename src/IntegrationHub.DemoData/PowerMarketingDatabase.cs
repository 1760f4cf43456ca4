using System.Globalization;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.DemoData;

/// <summary>
/// A provincial utility's marketing records (customers, meters, monthly consumption, bills, payments, outages,
/// work orders, outbound calls), synthetic and seeded, as of <see cref="AsOf"/>. A line-by-line port of
/// <c>generate.py</c>: every draw happens in the script's order (including the draws a Python dict literal
/// makes for every key), so the rows are the script's rows.
/// </summary>
public static class PowerMarketingDatabase
{
    public static readonly DateOnly AsOf = new(2025, 6, 18);
    private const uint Seed = 20250618;
    private static readonly (int Y, int M) FirstMonth = (2024, 1);
    private static readonly (int Y, int M) LastMonth = (2025, 5);

    private sealed record City(string Name, int Weight, string[] Districts, bool Coastal);

    private sealed record Category(string Name, double Share, string[] Volts, (int Lo, int Hi) Capacity, (int Lo, int Hi) Kwh, double Price);

    private static readonly City[] Cities =
    [
        new("杭州", 20, ["上城区", "西湖区", "萧山区", "余杭区"], false),
        new("宁波", 15, ["海曙区", "鄞州区", "北仑区", "慈溪市"], true),
        new("温州", 12, ["鹿城区", "瓯海区", "乐清市"], true),
        new("绍兴", 8, ["越城区", "柯桥区", "诸暨市"], false),
        new("湖州", 5, ["吴兴区", "长兴县", "安吉县"], false),
        new("嘉兴", 7, ["南湖区", "海宁市", "桐乡市"], false),
        new("金华", 9, ["婺城区", "义乌市", "东阳市"], false),
        new("衢州", 3, ["柯城区", "江山市"], false),
        new("舟山", 2, ["定海区", "普陀区"], true),
        new("台州", 8, ["椒江区", "温岭市", "临海市"], true),
        new("丽水", 3, ["莲都区", "龙泉市"], false),
    ];

    private static readonly Category[] Categories =
    [
        new("居民生活", 0.78, ["0.22kV"], (4, 16), (90, 420), 0.538),
        new("一般工商业", 0.15, ["0.4kV", "10kV"], (30, 630), (1500, 40000), 0.752),
        new("大工业", 0.04, ["10kV", "35kV", "110kV"], (800, 40000), (150000, 3200000), 0.664),
        new("农业生产", 0.03, ["0.4kV"], (20, 200), (400, 9000), 0.472),
    ];

    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private const string Given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅晓东丹玉兰建军春梅立新文斌";
    private static readonly string[] CompanyWords = ["精工", "华达", "恒信", "新能", "永泰", "远航", "东方", "金源", "宏图", "瑞丰", "天成", "万通", "博远", "鼎盛", "海润", "中天"];

    private static readonly Dictionary<string, string[]> CompanyKinds = new()
    {
        ["一般工商业"] = ["商贸有限公司", "餐饮管理有限公司", "酒店有限公司", "超市有限公司", "物业服务有限公司", "科技有限公司"],
        ["大工业"] = ["纺织有限公司", "化工有限公司", "钢铁有限公司", "机械制造有限公司", "新材料股份有限公司", "水泥有限公司", "数据中心有限公司"],
        ["农业生产"] = ["农业专业合作社", "家庭农场", "水产养殖场", "茶叶专业合作社"],
    };

    private static readonly Dictionary<string, (string, double)[]> PayChannels = new()
    {
        ["居民生活"] = [("网上国网", 40), ("支付宝", 25), ("微信", 20), ("银行代扣", 10), ("营业厅", 5)],
        ["一般工商业"] = [("网上国网", 35), ("银行代扣", 35), ("支付宝", 10), ("微信", 10), ("营业厅", 10)],
        ["大工业"] = [("银行代扣", 70), ("网上国网", 20), ("营业厅", 10)],
        ["农业生产"] = [("营业厅", 30), ("网上国网", 30), ("微信", 25), ("银行代扣", 15)],
    };

    private static readonly Dictionary<int, double> Season = new()
    {
        [1] = 1.25, [2] = 1.1, [3] = 0.9, [4] = 0.85, [5] = 0.92, [6] = 1.05, [7] = 1.45, [8] = 1.5, [9] = 1.1, [10] = 0.9, [11] = 0.92, [12] = 1.15,
    };

    /// <summary>The schema, with a Chinese description as a trailing <c>--</c> comment on every column.</summary>
    public const string Schema = """
        CREATE TABLE region (
            region_id      INTEGER PRIMARY KEY,          -- 区域编号
            city           TEXT NOT NULL,                -- 地市，如 杭州
            district       TEXT NOT NULL,                -- 区县，如 西湖区
            supply_office  TEXT NOT NULL                 -- 所属供电公司
        );
        CREATE TABLE customer (
            customer_id            TEXT PRIMARY KEY,     -- 户号（10位）
            name                   TEXT NOT NULL,        -- 户名
            category               TEXT NOT NULL,        -- 用电类别：居民生活/一般工商业/大工业/农业生产
            voltage_level          TEXT NOT NULL,        -- 供电电压等级
            region_id              INTEGER NOT NULL REFERENCES region(region_id),
            contract_capacity_kva  REAL NOT NULL,        -- 合同容量（kVA）
            opened_on              TEXT NOT NULL,        -- 立户日期 YYYY-MM-DD
            status                 TEXT NOT NULL,        -- 户状态：正常/暂停/销户
            phone                  TEXT NOT NULL         -- 联系电话（脱敏）
        );
        CREATE TABLE meter (
            meter_id       TEXT PRIMARY KEY,             -- 电能表资产编号
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            model          TEXT NOT NULL,                -- 表计型号
            phase          TEXT NOT NULL,                -- 单相/三相
            installed_on   TEXT NOT NULL,                -- 装表日期
            multiplier     INTEGER NOT NULL              -- 综合倍率
        );
        CREATE TABLE monthly_consumption (
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            month          TEXT NOT NULL,                -- 用电月份 YYYY-MM
            total_kwh      REAL NOT NULL,                -- 总电量（kWh）
            peak_kwh       REAL NOT NULL,                -- 峰时段电量
            flat_kwh       REAL NOT NULL,                -- 平时段电量
            valley_kwh     REAL NOT NULL,                -- 谷时段电量
            max_demand_kw  REAL NOT NULL,                -- 当月最大需量（kW）
            PRIMARY KEY (customer_id, month)
        );
        CREATE TABLE bill (
            bill_id        INTEGER PRIMARY KEY,          -- 账单编号
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            month          TEXT NOT NULL,                -- 电费月份 YYYY-MM
            kwh            REAL NOT NULL,                -- 结算电量
            amount_yuan    REAL NOT NULL,                -- 应收电费（元）
            issued_on      TEXT NOT NULL,                -- 发行日期
            due_on         TEXT NOT NULL,                -- 缴费截止日期
            status         TEXT NOT NULL                 -- 已结清/未缴/逾期
        );
        CREATE TABLE payment (
            payment_id     INTEGER PRIMARY KEY,          -- 缴费流水号
            bill_id        INTEGER NOT NULL REFERENCES bill(bill_id),
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            paid_at        TEXT NOT NULL,                -- 缴费时间 YYYY-MM-DD HH:MM:SS
            amount_yuan    REAL NOT NULL,                -- 实收金额（元）
            channel        TEXT NOT NULL                 -- 缴费渠道：网上国网/支付宝/微信/银行代扣/营业厅
        );
        CREATE TABLE outage (
            outage_id           INTEGER PRIMARY KEY,     -- 停电事件编号
            region_id           INTEGER NOT NULL REFERENCES region(region_id),
            kind                TEXT NOT NULL,           -- 计划停电/故障停电
            feeder              TEXT NOT NULL,           -- 线路名称
            start_at            TEXT NOT NULL,           -- 停电开始时间
            end_at              TEXT NOT NULL,           -- 复电时间
            affected_customers  INTEGER NOT NULL,        -- 影响户数
            cause               TEXT NOT NULL            -- 停电原因
        );
        CREATE TABLE work_order (
            order_id       TEXT PRIMARY KEY,             -- 工单编号
            kind           TEXT NOT NULL,                -- 故障抢修/业扩报装/计量装置/客户投诉/设备巡检
            source         TEXT NOT NULL,                -- 95598/网上国网/巡检/外呼回访
            region_id      INTEGER NOT NULL REFERENCES region(region_id),
            customer_id    TEXT REFERENCES customer(customer_id), -- 关联户号，巡检类为空
            outage_id      INTEGER REFERENCES outage(outage_id),  -- 关联停电事件
            priority       TEXT NOT NULL,                -- 紧急/高/一般
            status         TEXT NOT NULL,                -- 待派单/处理中/已完成/已关闭
            created_at     TEXT NOT NULL,                -- 受理时间
            closed_at      TEXT                          -- 办结时间，未办结为空
        );
        CREATE TABLE outbound_call (
            call_id        INTEGER PRIMARY KEY,          -- 外呼编号
            customer_id    TEXT NOT NULL REFERENCES customer(customer_id),
            purpose        TEXT NOT NULL,                -- 电费催缴/停电通知/满意度回访
            called_at      TEXT NOT NULL,                -- 外呼时间
            result         TEXT NOT NULL,                -- 接通/未接听/拒接/空号
            duration_s     INTEGER NOT NULL,             -- 通话时长（秒）
            intent         TEXT,                         -- 识别意图：已缴费/承诺缴费/有异议/知晓/满意/不满意/转人工，未接通为空
            satisfaction   INTEGER                       -- 满意度评分 1-5，仅满意度回访接通时有值
        );
        CREATE TABLE supply_topology (
            customer_id       TEXT PRIMARY KEY REFERENCES customer(customer_id),
            feeder            TEXT NOT NULL,             -- 供电线路（10kV馈线），如 西湖东12号线
            transformer_area  TEXT NOT NULL              -- 台区编号，如 TQ0301-02
        );
        CREATE INDEX idx_customer_region ON customer(region_id);
        CREATE INDEX idx_bill_customer ON bill(customer_id, month);
        CREATE INDEX idx_payment_bill ON payment(bill_id);
        CREATE INDEX idx_outage_region ON outage(region_id, start_at);
        CREATE INDEX idx_order_region ON work_order(region_id, created_at);
        CREATE INDEX idx_call_customer ON outbound_call(customer_id, called_at);
        CREATE INDEX idx_topology_feeder ON supply_topology(feeder);
        CREATE INDEX idx_topology_area ON supply_topology(transformer_area);
        """;

    /// <summary>Creates the database at <paramref name="path"/> unless a file is already there; returns true when it created one.</summary>
    public static bool EnsureCreated(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Built beside the target and moved into place, so a half-written file is never taken for the database.
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            Create(temp);
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone else created it meanwhile.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return true;
    }

    /// <summary>Writes the database to <paramref name="path"/>, replacing any file there.</summary>
    public static void Create(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        var tables = Generate();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
        using (var tx = connection.BeginTransaction())
        {
            Execute(connection, tx, Schema);
            foreach (var table in tables) Insert(connection, tx, table);
            tx.Commit();
        }

        Execute(connection, null, "VACUUM");
    }

    /// <summary>Every table's rows in <see cref="Schema"/> order (parents first), column values in schema order.</summary>
    public static IReadOnlyList<DemoTable> Generate()
    {
        var rng = new PythonRandom(Seed);
        var asOfDate = AsOf.ToDateTime(TimeOnly.MinValue);

        var regions = new List<(int Id, string City, string District, string Office)>();
        var rid = 0;
        foreach (var city in Cities)
        {
            foreach (var d in city.Districts)
            {
                rid++;
                regions.Add((rid, city.Name, d, $"国网{city.Name}供电公司"));
            }
        }

        var cityWeight = Cities.ToDictionary(c => c.Name, c => c.Weight);
        var coastal = Cities.Where(c => c.Coastal).Select(c => c.Name).ToHashSet();
        var regionPairs = regions.Select(r => (r, (double)cityWeight[r.City] / regions.Count(x => x.City == r.City))).ToArray();

        var customers = new List<(string Id, string Name, string Category, string Volt, int RegionId, double Capacity, string Opened, string Status, string Phone)>();
        var meters = new List<(string Id, string CustomerId, string Model, string Phase, string Installed, int Multiplier)>();
        var serial = 0;
        var opened0 = new DateOnly(2003, 1, 1);
        var openedSpan = new DateOnly(2025, 3, 1).DayNumber - opened0.DayNumber;
        for (var i = 0; i < 6000; i++)
        {
            var cat = Weighted(rng, Categories.Select(c => (c, c.Share)).ToArray());
            var reg = Weighted(rng, regionPairs);
            serial++;
            var cid = $"33{reg.Id:D2}{serial:D6}";
            string cname;
            if (cat.Name == "居民生活")
            {
                var surname = rng.Choice(Surnames);
                var count = rng.Choice([1, 2]);
                var given = string.Concat(Enumerable.Range(0, count).Select(_ => rng.Choice(Given)));
                cname = surname + given;
            }
            else
            {
                var word = rng.Choice(CompanyWords);
                cname = reg.City + word + rng.Choice(CompanyKinds[cat.Name]);
            }

            var opened = opened0.AddDays(rng.RandRange(0, openedSpan));
            var status = Weighted(rng, [("正常", 96.0), ("暂停", 2.0), ("销户", 2.0)]);
            var capacity = Round(rng.Uniform(cat.Capacity.Lo, cat.Capacity.Hi), 0);
            var p1 = rng.Choice("3578");
            var p2 = rng.RandRange(0, 10);
            var p3 = rng.RandRange(0, 10000);
            var phone = $"1{p1}{p2}****{p3:D4}";
            var volt = rng.Choice(cat.Volts);
            customers.Add((cid, cname, cat.Name, volt, reg.Id, capacity, Iso(opened), status, phone));
            var phase = cat.Name == "居民生活" ? "单相" : "三相";
            var threePhaseModel = rng.Choice(["DTZY71", "DSZY71", "DTZ719"]);
            var model = phase == "单相" ? "DDZY71-Z" : threePhaseModel;
            var mult = cat.Name is "居民生活" or "农业生产" ? 1 : cat.Name == "一般工商业" ? rng.Choice([1, 30, 50, 100, 200]) : rng.Choice([200, 500, 1000, 2000]);
            meters.Add(($"M{reg.Id:D2}{serial:D7}", cid, model, phase, Iso(opened), mult));
        }

        var catOf = Categories.ToDictionary(c => c.Name);
        var consumption = new List<(string, string, double, double, double, double, double)>();
        var bills = new List<(int Id, string CustomerId, string Month, double Kwh, double Amount, string Issued, string Due, string Status)>();
        var payments = new List<(int, int, string, string, double, string)>();
        var billId = 0;
        var payId = 0;
        foreach (var c in customers)
        {
            var cat = catOf[c.Category];
            var opened = DateOnly.ParseExact(c.Opened, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var @base = rng.Uniform(cat.Kwh.Lo, cat.Kwh.Hi);
            var latePayer = rng.Random() < 0.06;
            (int Y, int M)? closedFrom = null;
            if (c.Status == "销户")
            {
                var cy = 2024 + rng.RandRange(0, 2);
                closedFrom = (cy, rng.RandRange(1, 13));
            }

            foreach (var (y, m) in Months())
            {
                if (new DateOnly(y, m, 1) < new DateOnly(opened.Year, opened.Month, 1)) continue;
                if (closedFrom is { } cf && (y, m).CompareTo(cf) >= 0) break;
                if (c.Status == "暂停" && (y, m).CompareTo((2025, 3)) >= 0) continue;
                var season = c.Category is "居民生活" or "一般工商业" ? Season[m] : (c.Category == "农业生产" && m is 6 or 7 or 8 ? 1.3 : 1.0);
                var growth = c.Category != "居民生活" ? 1.0 + 0.05 * (y - 2024) : 1.0 + 0.03 * (y - 2024);
                var spring = c.Category == "大工业" && m == 2 ? 0.72 : 1.0;
                var total = Round(@base * season * growth * spring * rng.Uniform(0.88, 1.12), 1);
                var peak = Round(total * rng.Uniform(0.32, 0.42), 1);
                var valley = Round(total * rng.Uniform(0.22, 0.34), 1);
                var flat = Round(total - peak - valley, 1);
                var demand = Round(total / (30 * 24) * rng.Uniform(1.6, 3.2), 1);
                var ym = $"{y}-{m:D2}";
                consumption.Add((c.Id, ym, total, peak, flat, valley, demand));
                billId++;
                var amount = Round(total * cat.Price * rng.Uniform(0.99, 1.01), 2);
                var issued = new DateOnly(y + (m == 12 ? 1 : 0), m == 12 ? 1 : m + 1, 1);
                var due = issued.AddDays(19);
                var r = rng.Random();
                int? lateness = null;
                if (latePayer)
                {
                    if (r < 0.55) lateness = rng.RandRange(20, 60);
                    else if (r < 0.85) lateness = rng.RandRange(0, 19);
                }
                else
                {
                    if (r < 0.975) lateness = rng.RandRange(0, 19);
                    else if (r < 0.99) lateness = rng.RandRange(20, 45);
                }

                DateOnly? paidOn = lateness is { } late ? issued.AddDays(late) : null;
                string bstatus;
                if (paidOn is { } po && po <= AsOf)
                {
                    bstatus = "已结清";
                    payId++;
                    var h = rng.RandRange(7, 23);
                    var mi = rng.RandRange(60);
                    var s = rng.RandRange(60);
                    var paidAt = po.ToDateTime(new TimeOnly(h, mi, s));
                    var channel = Weighted(rng, PayChannels[c.Category]);
                    if (channel == "银行代扣")
                    {
                        var day = issued.AddDays(rng.RandRange(1, 6));
                        var bm = rng.RandRange(60);
                        var bs = rng.RandRange(60);
                        paidAt = day.ToDateTime(new TimeOnly(2, bm, bs));
                    }

                    payments.Add((payId, billId, c.Id, Ts(paidAt), amount, channel));
                }
                else
                {
                    bstatus = due < AsOf ? "逾期" : "未缴";
                }

                bills.Add((billId, c.Id, ym, total, amount, Iso(issued), Iso(due), bstatus));
            }
        }

        var outages = new List<(int Id, int RegionId, string Kind, string Feeder, string Start, string End, int Affected, string Cause)>();
        var start = new DateTime(2024, 1, 1);
        var end = asOfDate;
        var spanMinutes = (int)Math.Floor((end - start).TotalSeconds / 60);
        string[] causesPlanned = ["计划检修", "线路改造", "配变增容", "市政施工配合"];
        string[] causesFault = ["设备故障", "树障", "外力破坏", "雷击", "小动物", "用户设备故障"];
        var oid = 0;
        foreach (var reg in regions)
        {
            var n = (int)(rng.Uniform(25, 60) * cityWeight[reg.City] / 8) + 10;
            for (var k = 0; k < n; k++)
            {
                oid++;
                var t0 = start.AddMinutes(rng.RandRange(0, spanMinutes));
                var planned = rng.Random() < 0.45;
                TimeSpan dur;
                string cause;
                if (planned)
                {
                    t0 = t0.Date.AddHours(rng.Choice([6, 7, 8, 9]));
                    dur = TimeSpan.FromHours(rng.Choice([4, 5, 6, 8, 10]));
                    cause = rng.Choice(causesPlanned);
                }
                else
                {
                    dur = TimeSpan.FromMinutes(rng.RandRange(25, 420));
                    cause = rng.Choice(causesFault);
                    if (t0.Month is 7 or 8 or 9 && coastal.Contains(reg.City) && rng.Random() < 0.35)
                    {
                        cause = "台风";
                        dur = TimeSpan.FromMinutes(rng.RandRange(180, 1440));
                    }
                    else if (t0.Month is 5 or 6 or 7 or 8 && rng.Random() < 0.3)
                    {
                        cause = "雷击";
                    }
                }

                var dir = rng.Choice(["", "东", "西", "南", "北"]);
                var feeder = $"{reg.District[..2]}{dir}{rng.RandRange(1, 40)}号线";
                var affected = !planned ? rng.RandRange(20, 3500) : rng.RandRange(50, 1800);
                outages.Add((oid, reg.Id, planned ? "计划停电" : "故障停电", feeder, Ts(t0), Ts(t0 + dur), affected, cause));
            }
        }

        outages = outages.OrderBy(o => o.Start, StringComparer.Ordinal).Select((o, i) => o with { Id = i + 1 }).ToList();

        var byRegion = new Dictionary<int, List<string>>();
        foreach (var c in customers)
        {
            if (!byRegion.TryGetValue(c.RegionId, out var list)) byRegion[c.RegionId] = list = [];
            list.Add(c.Id);
        }

        var orders = new List<(string Id, string Kind, string Source, int RegionId, string? Customer, int? OutageId, string Priority, string Status, string Created, string? Closed)>();
        var wid = 0;

        void Order(string kind, string source, int regionId, string? cust, int? outageId, string prio, DateTime created, double hours)
        {
            wid++;
            var closed = created.AddTicks((long)Math.Round(hours * 3600e6, MidpointRounding.ToEven) * 10);
            string status;
            string? closedS;
            if (closed > asOfDate)
            {
                status = created > asOfDate.AddDays(-3) ? rng.Choice(["待派单", "处理中"]) : "处理中";
                closedS = null;
            }
            else
            {
                status = rng.Random() < 0.93 ? "已完成" : "已关闭";
                closedS = Ts(closed);
            }

            orders.Add(($"WO{created:yyyyMMdd}{wid:D5}", kind, source, regionId, cust, outageId, prio, status, Ts(created), closedS));
        }

        foreach (var o in outages)
        {
            if (o.Kind == "故障停电")
            {
                var created = ParseTs(o.Start).AddMinutes(rng.RandRange(3, 40));
                var source = Weighted(rng, [("95598", 60.0), ("网上国网", 30.0), ("巡检", 10.0)]);
                var cust = rng.Choice(byRegion[o.RegionId]);
                var prio = o.Affected > 1000 || o.Cause == "台风" ? "紧急" : "高";
                Order("故障抢修", source, o.RegionId, cust, o.Id, prio, created, rng.Uniform(0.6, 9));
            }
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
            var reg = Weighted(rng, regionPairs);
            var created = start.AddMinutes(rng.RandRange(0, spanMinutes));
            var kind = Weighted(rng, [("业扩报装", 30.0), ("计量装置", 25.0), ("客户投诉", 15.0), ("设备巡检", 20.0), ("故障抢修", 10.0)]);
            var cust = kind == "设备巡检" ? null : rng.Choice(byRegion[reg.Id]);
            var prio = kind != "故障抢修" ? Weighted(rng, [("紧急", 5.0), ("高", 25.0), ("一般", 70.0)]) : Weighted(rng, [("紧急", 30.0), ("高", 70.0)]);
            // The script builds a dict of all five durations and picks one: every draw is made.
            var h1 = rng.Uniform(48, 720);
            var h2 = rng.Uniform(4, 120);
            var h3 = rng.Uniform(2, 200);
            var h4 = rng.Uniform(2, 48);
            var h5 = rng.Uniform(0.5, 8);
            var hours = kind switch { "业扩报装" => h1, "计量装置" => h2, "客户投诉" => h3, "设备巡检" => h4, _ => h5 };
            var source = Weighted(rng, sources[kind]);
            Order(kind, source, reg.Id, cust, null, prio, created, hours);
        }

        orders = orders.OrderBy(w => w.Created, StringComparer.Ordinal).ToList();

        var calls = new List<(int Id, string Customer, string Purpose, string CalledAt, string Result, int Duration, string? Intent, int? Satisfaction)>();
        var callN = 0;

        void Call(string cust, string purpose, DateTime when, (string, double)[] intents)
        {
            callN++;
            var result = Weighted(rng, [("接通", 68.0), ("未接听", 22.0), ("拒接", 7.0), ("空号", 3.0)]);
            string? intent = null;
            var duration = 0;
            int? sat = null;
            if (result == "接通")
            {
                intent = Weighted(rng, intents);
                duration = rng.RandRange(25, 180);
                if (purpose == "满意度回访")
                {
                    var s1 = rng.Choice([4, 5, 5, 5]);
                    var s2 = rng.Choice([1, 2, 2, 3]);
                    var s3 = rng.Choice([2, 3, 4]);
                    sat = intent switch { "满意" => s1, "不满意" => s2, _ => s3 };
                }
            }

            calls.Add((callN, cust, purpose, Ts(when), result, duration, intent, sat));
        }

        foreach (var b in bills)
        {
            if (b.Status == "逾期" || (b.Status == "已结清" && rng.Random() < 0.01))
            {
                var due = DateOnly.ParseExact(b.Due, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var day = due.AddDays(rng.RandRange(1, 10));
                var h = rng.RandRange(9, 20);
                var mi = rng.RandRange(60);
                var when = day.ToDateTime(new TimeOnly(h, mi));
                if (when < asOfDate) Call(b.CustomerId, "电费催缴", when, [("承诺缴费", 55), ("已缴费", 15), ("有异议", 15), ("转人工", 15)]);
            }
        }

        foreach (var o in outages)
        {
            if (o.Kind == "计划停电")
            {
                var t0 = ParseTs(o.Start);
                var pool = byRegion[o.RegionId];
                foreach (var cust in rng.Sample(pool, Math.Min(pool.Count, rng.RandRange(2, 7))))
                {
                    var day = t0.AddDays(-rng.RandRange(1, 4));
                    var h = rng.RandRange(9, 19);
                    var mi = rng.RandRange(60);
                    var when = day.Date.Add(new TimeSpan(h, mi, day.Second));
                    if (when < asOfDate) Call(cust, "停电通知", when, [("知晓", 85), ("有异议", 8), ("转人工", 7)]);
                }
            }
        }

        foreach (var w in orders)
        {
            if (w.Status == "已完成" && w.Customer is not null && rng.Random() < 0.55)
            {
                var when = ParseTs(w.Closed!).AddHours(rng.RandRange(20, 72));
                when = when.Date.Add(new TimeSpan(rng.RandRange(9, 20), when.Minute, when.Second));
                if (when < asOfDate)
                {
                    var good = w.Kind != "客户投诉" ? 88.0 : 62.0;
                    Call(w.Customer, "满意度回访", when, [("满意", good), ("不满意", 100 - good - 4), ("转人工", 4)]);
                }
            }
        }

        calls = calls.OrderBy(c => c.CalledAt, StringComparer.Ordinal).Select((c, i) => c with { Id = i + 1 }).ToList();

        return
        [
            new("region", regions.Select(r => new object?[] { r.Id, r.City, r.District, r.Office }).ToList()),
            new("customer", customers.Select(c => new object?[] { c.Id, c.Name, c.Category, c.Volt, c.RegionId, c.Capacity, c.Opened, c.Status, c.Phone }).ToList()),
            new("meter", meters.Select(m => new object?[] { m.Id, m.CustomerId, m.Model, m.Phase, m.Installed, m.Multiplier }).ToList()),
            new("monthly_consumption", consumption.Select(m => new object?[] { m.Item1, m.Item2, m.Item3, m.Item4, m.Item5, m.Item6, m.Item7 }).ToList()),
            new("bill", bills.Select(b => new object?[] { b.Id, b.CustomerId, b.Month, b.Kwh, b.Amount, b.Issued, b.Due, b.Status }).ToList()),
            new("payment", payments.Select(p => new object?[] { p.Item1, p.Item2, p.Item3, p.Item4, p.Item5, p.Item6 }).ToList()),
            new("outage", outages.Select(o => new object?[] { o.Id, o.RegionId, o.Kind, o.Feeder, o.Start, o.End, o.Affected, o.Cause }).ToList()),
            new("work_order", orders.Select(w => new object?[] { w.Id, w.Kind, w.Source, w.RegionId, w.Customer, w.OutageId, w.Priority, w.Status, w.Created, w.Closed }).ToList()),
            new("outbound_call", calls.Select(c => new object?[] { c.Id, c.Customer, c.Purpose, c.CalledAt, c.Result, c.Duration, c.Intent, c.Satisfaction }).ToList()),
            new("supply_topology", Topology(regions.Select(r => (r.Id, r.District)).ToList(), customers.Select(c => (c.Id, c.RegionId)).ToList())),
        ];
    }

    /// <summary>
    /// The grid behind the customers (not in <c>generate.py</c>): per region a few feeders, per feeder a few
    /// transformer areas (台区), every customer on one area. Drawn from its own seed after everything else, so the
    /// script's tables keep the script's rows.
    /// </summary>
    private static List<object?[]> Topology(IReadOnlyList<(int Id, string District)> regions, IReadOnlyList<(string Id, int RegionId)> customers)
    {
        var rng = new PythonRandom(Seed + 1);
        var areas = new Dictionary<int, List<(string Feeder, string Area)>>();
        foreach (var (id, district) in regions)
        {
            var list = new List<(string, string)>();
            var feeders = rng.RandRange(3, 6);
            for (var f = 1; f <= feeders; f++)
            {
                var feeder = $"{district[..2]}{rng.Choice(["东", "西", "南", "北"])}{f * 7 + rng.RandRange(0, 7)}号线";
                var count = rng.RandRange(2, 6);
                for (var a = 1; a <= count; a++) list.Add((feeder, $"TQ{id:D2}{f:D2}-{a:D2}"));
            }

            areas[id] = list;
        }

        return customers.Select(c =>
        {
            var (feeder, area) = rng.Choice(areas[c.RegionId]);
            return new object?[] { c.Id, feeder, area };
        }).ToList();
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

    private static T Weighted<T>(PythonRandom rng, IReadOnlyList<(T Value, double Weight)> pairs)
    {
        var total = 0.0;
        foreach (var p in pairs) total += p.Weight;
        var x = rng.Uniform(0, total);
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

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, DemoTable table)
    {
        if (table.Rows.Count == 0) return;
        var (columns, rows) = (table.Rows[0].Length, table.Rows);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO {table.Name} VALUES ({string.Join(",", Enumerable.Range(0, columns).Select(i => "$p" + i))})";
        var parameters = Enumerable.Range(0, columns).Select(i => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>One table of the demo database: its name and rows, values in the column order of <see cref="PowerMarketingDatabase.Schema"/>.</summary>
public sealed record DemoTable(string Name, IReadOnlyList<object?[]> Rows);
