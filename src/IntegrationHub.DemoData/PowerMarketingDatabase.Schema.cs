namespace IntegrationHub.DemoData;

public static partial class PowerMarketingDatabase
{
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
}
