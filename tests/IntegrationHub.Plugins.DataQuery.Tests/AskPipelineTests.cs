using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.Reasoning.TextToSql;

namespace IntegrationHub.Plugins.DataQuery.Tests;

public sealed class AskPipelineTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private static readonly DateOnly AsOf = new(2025, 6, 18);

    private static DataQueryOptions Options() => new()
    {
        DefaultSource = "demo",
        Access = new AccessOptions
        {
            Roles =
            {
                ["wenzhou-staff"] = new RoleOptions { RowFilters = { ["region"] = "city = '温州'" }, DeniedColumns = ["customer.phone"] },
            },
            Users = { ["wz"] = ["wenzhou-staff"] },
        },
    };

    private (AskPipeline Pipeline, FakeWorkers Workers, MemoryStore Store) Create(IDataSources? sources = null, DataQueryOptions? options = null)
    {
        var workers = new FakeWorkers();
        var store = new MemoryStore();
        var registry = sources ?? db.Sources;
        if (registry is DataSourceRegistry r) r.SetSemanticLayer("demo", SemanticLayerLoader.LoadShipped("power-marketing"));
        return (new AskPipeline(registry, workers, store, options ?? Options()), workers, store);
    }

    [Fact]
    public async Task Answers_a_question_and_audits_it()
    {
        var (pipeline, _, store) = Create();
        var reply = await pipeline.AskAsync(new AskQuestionRequest("杭州市有多少居民用户？", AsOf: AsOf, User: "alice"), "test");
        Assert.Null(reply.Error);
        Assert.Equal("offline", reply.Engine);
        var expected = await db.Sources.QueryAsync("demo", "SELECT COUNT(*) FROM customer c JOIN region r ON c.region_id=r.region_id WHERE r.city='杭州' AND c.category='居民生活'");
        Assert.Equal(expected.Rows[0][0], Assert.Single(reply.Rows)[0]);
        Assert.Contains("LIMIT", reply.Sql);
        Assert.StartsWith("结果", reply.Summary);

        var audit = Assert.Single(await store.ListAsync<AuditRecord>(AskPipeline.AuditCollection));
        Assert.Equal(("alice", "answered", 1, "offline", AsOf), (audit.Value.User, audit.Value.Outcome, audit.Value.RowCount, audit.Value.Engine, audit.Value.AsOf));
        Assert.Equal(reply.AuditId, audit.Key);
    }

    [Fact]
    public async Task Row_filters_and_hidden_columns_apply_to_the_user()
    {
        var (pipeline, workers, _) = Create();
        var reply = await pipeline.AskAsync(new AskQuestionRequest("各地市的客户数", User: "wz", AsOf: AsOf), "test");
        Assert.Null(reply.Error);
        Assert.Equal("温州", Assert.Single(reply.Rows)[0]);
        Assert.DoesNotContain(workers.Requests[^1].Catalog.Tables.Single(t => t.Name == "customer").Columns, c => c.Name == "phone");
    }

    [Fact]
    public async Task A_time_series_gets_a_line_chart_in_svg()
    {
        var (pipeline, _, _) = Create();
        var reply = await pipeline.AskAsync(new AskQuestionRequest("2024年每个月的全省用电量", AsOf: AsOf, Chart: true), "test");
        Assert.Null(reply.Error);
        Assert.Equal(12, reply.Rows.Count);
        Assert.NotNull(reply.Chart);
        Assert.Equal("line", reply.Chart!.Kind);
        Assert.StartsWith("<svg", reply.Chart.Svg);
        Assert.Contains("2024-07", reply.Chart.Svg);
    }

    [Fact]
    public async Task The_llm_path_gets_one_repair_round_with_the_error()
    {
        var (pipeline, workers, store) = Create();
        workers.Model = r => r.PreviousError is null
            ? FakeWorkers.Llm("SELECT COUNT(*) FROM bill WHERE state = '逾期'")
            : FakeWorkers.Llm("SELECT COUNT(*) FROM bill WHERE status = '逾期'");
        var reply = await pipeline.AskAsync(new AskQuestionRequest("逾期账单有多少", AsOf: AsOf), "test");
        Assert.Null(reply.Error);
        Assert.Equal(2, workers.Requests.Count);
        Assert.Contains("state", workers.Requests[1].PreviousError!.Error);
        Assert.True((await store.ListAsync<AuditRecord>(AskPipeline.AuditCollection))[0].Value.Repaired);

        workers.Requests.Clear();
        workers.Model = _ => FakeWorkers.Llm("SELECT COUNT(*) FROM bill WHERE nope = 1");
        var failed = await pipeline.AskAsync(new AskQuestionRequest("逾期账单有多少", AsOf: AsOf), "test");
        Assert.Equal("sql.unknown-column", failed.Error!.Code);
        Assert.Equal(2, workers.Requests.Count);
    }

    [Fact]
    public async Task An_offline_engine_refusal_is_reported_and_audited()
    {
        var (pipeline, _, store) = Create();
        var reply = await pipeline.AskAsync(new AskQuestionRequest("删除所有账单", AsOf: AsOf), "test");
        Assert.NotNull(reply.Error);
        Assert.Empty(reply.Rows);
        Assert.Equal("refused", (await store.ListAsync<AuditRecord>(AskPipeline.AuditCollection))[0].Value.Outcome);
    }

    [Fact]
    public async Task A_saved_report_run_delivers_table_and_chart_through_the_outbox()
    {
        var (_, workers, store) = Create();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddSingleton<IDataSources>(db.Sources).AddSingleton<IWorkerClient>(workers).AddSingleton(Options())
            .AddSingleton<AskPipelineFactory>().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>))
            .BuildServiceProvider();
        var report = new SavedReport("r1", "各地市用电量", "各地市2025年5月的用电量", "0 0 8 * * ?", new ReportDelivery("oa", "message.send", "marketing-team"), "demo", "wz", true, DateTimeOffset.UtcNow);
        await store.PutAsync(DataQueryPlugin.ReportsCollection, "r1", report);
        var outbox = new MemoryOutbox();
        var context = new MessageContext(Guid.NewGuid(), "query.run-report", null, 1, new Dictionary<string, string>(), store, outbox, null!);
        var handler = new RunSavedReportHandler(services.GetRequiredService<AskPipelineFactory>(), new Access(("wz", QueryScopes.Ask)), store, new Microsoft.Extensions.Logging.Abstractions.NullLogger<RunSavedReportHandler>());
        await new PrepareInline<RunSavedReport, SavedReportRun?, RunSavedReportHandler>(handler).HandleAsync(new RunSavedReport("r1"), context, CancellationToken.None);
        var delivery = Assert.Single(outbox.Deliveries);
        Assert.Equal(("oa", "message.send", "r1"), (delivery.Connector, delivery.Operation, delivery.CorrelationKey));
        Assert.Equal("marketing-team", (string?)delivery.Payload["target"]);
        Assert.Contains(delivery.Attachments!, a => a.FileName == "result.csv");
        Assert.True(((string?)delivery.Payload["summary"] ?? "").Contains("温州", StringComparison.Ordinal), delivery.Payload.ToJsonString());
    }

    [Fact]
    public async Task A_saved_report_of_an_owner_who_may_no_longer_ask_delivers_nothing()
    {
        var (_, workers, store) = Create();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddSingleton<IDataSources>(db.Sources).AddSingleton<IWorkerClient>(workers).AddSingleton(Options())
            .AddSingleton<AskPipelineFactory>().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>))
            .BuildServiceProvider();
        var report = new SavedReport("r2", "各地市用电量", "各地市2025年5月的用电量", "0 0 8 * * ?", new ReportDelivery("oa"), "demo", "wz", true, DateTimeOffset.UtcNow);
        await store.PutAsync(DataQueryPlugin.ReportsCollection, "r2", report);
        var outbox = new MemoryOutbox();
        var context = new MessageContext(Guid.NewGuid(), "query.run-report", null, 1, new Dictionary<string, string>(), store, outbox, null!);
        var handler = new RunSavedReportHandler(services.GetRequiredService<AskPipelineFactory>(), new Access(("someone-else", QueryScopes.Ask)), store, new Microsoft.Extensions.Logging.Abstractions.NullLogger<RunSavedReportHandler>());
        await new PrepareInline<RunSavedReport, SavedReportRun?, RunSavedReportHandler>(handler).HandleAsync(new RunSavedReport("r2"), context, CancellationToken.None);
        Assert.Empty(outbox.Deliveries);
        Assert.Empty(workers.Requests);
    }

    /// <summary>The hub's principals as a list of (principal, scope) grants.</summary>
    private sealed class Access(params (string Principal, string Scope)[] grants) : IHubAccess
    {
        public bool Allows(string principal, string scope) => grants.Contains((principal, scope));
    }
}
