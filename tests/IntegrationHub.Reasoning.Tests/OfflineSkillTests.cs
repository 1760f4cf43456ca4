using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>The offline engine's summaries, drafts and text-to-SQL routing (no endpoint configured).</summary>
public sealed class OfflineSkillTests
{
    [Fact]
    public async Task Summarizes_a_ranking_in_chinese_and_english()
    {
        await using var worker = new Worker();
        string[] columns = ["城市", "欠费金额", "户数"];
        IReadOnlyList<object?>[] rows = [["杭州", 12500.5, 31], ["宁波", 8300, 20], ["温州", 4100, 12]];

        var zh = await worker.Service.SummarizeAsync(new SummarizeRequest("zh", Columns: columns, Rows: rows, Subject: "各市欠费"));
        var en = await worker.Service.SummarizeAsync(new SummarizeRequest("en", Columns: columns, Rows: rows, Subject: "Arrears by city"));

        Assert.Equal("各市欠费共3项，欠费金额合计24,900.5；最高为杭州（12,500.5），最低为温州（4,100）；前三为杭州（12,500.5）、宁波（8,300）、温州（4,100）；户数合计63。", zh.Summary);
        Assert.StartsWith("Arrears by city: 3 items, 欠费金额 totals 24,900.5; highest 杭州", en.Summary);
        Assert.Equal(ReasoningEngines.Offline, zh.Meta.Engine);
        Assert.False(zh.Meta.FellBack);
    }

    [Fact]
    public async Task Summarizes_a_time_series_a_single_value_and_no_rows()
    {
        await using var worker = new Worker();
        var series = await worker.Service.SummarizeAsync(new SummarizeRequest("zh", Columns: ["月份", "用电量"], Rows: [["2025-01", 1000], ["2025-02", 800], ["2025-03", 1200]]));
        Assert.Equal("查询结果：从2025-01到2025-03共3期，用电量由1,000变为1,200（增长20%）；最高为2025-03（1,200），最低为2025-02（800）。", series.Summary);

        var single = await worker.Service.SummarizeAsync(new SummarizeRequest("en", Columns: ["total_kwh"], Rows: [[52340.25]], Subject: "Hangzhou, May"));
        Assert.Equal("Hangzhou, May: total_kwh is 52,340.25.", single.Summary);

        var none = await worker.Service.SummarizeAsync(new SummarizeRequest("zh", Columns: ["a"], Rows: [], Subject: "上月新增欠费"));
        Assert.Equal("上月新增欠费没有数据。", none.Summary);

        var invalid = await worker.Service.SummarizeAsync(new SummarizeRequest("zh"));
        Assert.Equal("request.invalid", invalid.Error!.Code);
    }

    [Fact]
    public async Task Drafts_an_operation_ticket_for_a_10kV_feeder_to_maintenance()
    {
        await using var worker = new Worker();
        var reply = await worker.Service.DraftAsync(new DraftRequest("operation-ticket", new Dictionary<string, string>
        {
            ["task"] = "运行转检修", ["station"] = "110kV城东变", ["line"] = "10kV城东Ⅰ回", ["breaker"] = "912", ["ground_wire"] = "3",
            ["issuer"] = "张三",
        }));

        Assert.Null(reply.Error);
        Assert.Equal("110kV城东变10kV城东Ⅰ回线912开关及线路由运行转检修", reply.Title);
        Assert.Contains("发令人：张三", reply.Body);
        Assert.Contains("监护人：（待填）", reply.Body);
        var steps = reply.Steps!;
        Assert.Equal("1. 核对10kV城东Ⅰ回线912开关设备名称、编号及位置正确", steps[0]);
        Assert.Equal("2. 拉开10kV城东Ⅰ回线912开关", steps[1]);
        // Breaker open before the truck is racked out, voltage checked before earthing, tag last but the report.
        int Index(string text) => steps.ToList().FindIndex(s => s.Contains(text));
        Assert.True(Index("拉开10kV城东Ⅰ回线912开关") < Index("摇至“试验”位置"));
        Assert.True(Index("验明三相确无电压") < Index("装设3号接地线一组"));
        Assert.True(Index("装设3号接地线一组") < Index("禁止合闸"));
        Assert.DoesNotContain(steps, s => s.Contains("接地刀闸"));
        Assert.All(steps, s => Assert.DoesNotContain("{", s));
    }

    [Fact]
    public async Task Drafts_work_order_and_inspection_sections_and_reports_missing_facts()
    {
        await using var worker = new Worker();
        var order = await worker.Service.DraftAsync(new DraftRequest("work-order-description", new Dictionary<string, string>
        {
            ["location"] = "城东变", ["equipment"] = "1号主变", ["defect"] = "油位偏低", ["severity"] = "严重", ["found_at"] = "2025-06-03 10:20",
        }));
        Assert.Equal("城东变1号主变油位偏低", order.Title);
        Assert.StartsWith("2025-06-03 10:20，巡视人员在城东变发现1号主变油位偏低。缺陷等级：严重。", order.Body);

        var section = await worker.Service.DraftAsync(new DraftRequest("inspection-report-section", new Dictionary<string, string>
        {
            ["section"] = "2号管廊K3+200~K3+800段", ["date"] = "2025-06-03", ["count"] = "2", ["findings"] = "支架锈蚀1处、积水1处",
        }, "en"));
        Assert.Equal("2号管廊K3+200~K3+800段 inspection (2025-06-03)", section.Title);
        Assert.Contains("Issues found: 2 (支架锈蚀1处、积水1处)", section.Body);

        var missing = await worker.Service.DraftAsync(new DraftRequest("operation-ticket", new Dictionary<string, string> { ["station"] = "城东变" }));
        Assert.Equal("draft.missing-facts", missing.Error!.Code);
        Assert.Contains("breaker", missing.Error.Message);
        Assert.Contains("line", missing.Error.Message);

        var unknown = await worker.Service.DraftAsync(new DraftRequest("poem", new Dictionary<string, string>()));
        Assert.Equal("draft.unknown-kind", unknown.Error!.Code);

        var inline = await worker.Service.DraftAsync(new DraftRequest("notice", new Dictionary<string, string> { ["area"] = "城东片区" }, Template: "{area}将于{date?明日}停电。"));
        Assert.Equal("城东片区将于明日停电。", inline.Body);
    }

    [Fact]
    public async Task Text_to_sql_goes_to_the_registered_offline_engine_and_its_sql_is_fenced()
    {
        await using (var shipped = new Worker())
        {
            var reply = await shipped.Service.TextToSqlAsync(new TextToSqlRequest("杭州的客户有多少", LlmPathTests.Catalog, new DateOnly(2025, 6, 30)));
            Assert.Null(reply.Error);
            Assert.Contains("COUNT", reply.Sql);
            Assert.Equal("杭州", Assert.Single(reply.Parameters!).Value?.ToString());
            Assert.Equal(ReasoningEngines.Offline, reply.Meta.Engine);
            Assert.Equal("offline-text-to-sql/1.0", reply.Meta.Model);
        }

        await using var worker = new Worker(configure: s => s.AddSingleton<IOfflineTextToSql>(new ScriptedOfflineSql("SELECT COUNT(*) FROM customer")));
        var ok = await worker.Service.TextToSqlAsync(new TextToSqlRequest("客户有多少", LlmPathTests.Catalog, new DateOnly(2025, 6, 30)));
        Assert.Equal("SELECT COUNT(*) FROM customer", ok.Sql);
        Assert.Equal("scripted/1", ok.Meta.Model);

        await using var bad = new Worker(configure: s => s.AddSingleton<IOfflineTextToSql>(new ScriptedOfflineSql("DELETE FROM customer")));
        var refused = await bad.Service.TextToSqlAsync(new TextToSqlRequest("删掉客户", LlmPathTests.Catalog, new DateOnly(2025, 6, 30)));
        Assert.Null(refused.Sql);
        Assert.Equal("text-to-sql.unsafe", refused.Error!.Code);
    }

    private sealed class ScriptedOfflineSql(string sql) : IOfflineTextToSql
    {
        public string Version => "scripted/1";

        public Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new TextToSqlReply(sql, "scripted", null, new ReasoningMeta(ReasoningSkills.TextToSql, ReasoningEngines.Offline, Version, 0, 0, 0)));
    }
}
