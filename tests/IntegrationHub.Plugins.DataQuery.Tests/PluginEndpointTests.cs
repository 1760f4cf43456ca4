using System.Text.Json;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Reasoning.TextToSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>The plugin as the hub sees it: what it declares, and its HTTP endpoints called as the hub calls them.</summary>
public sealed class PluginEndpointTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    private sealed class Builder(IConfiguration configuration) : IPluginBuilder
    {
        public PluginManifest Manifest { get; } = new("DataQuery", "1.0.0", "1.0.0", "IntegrationHub.Plugins.DataQuery.dll", "test");
        public IConfiguration Configuration { get; } = configuration;
        public IServiceCollection Services { get; } = new ServiceCollection();
        public List<PluginEndpoint> Endpoints { get; } = [];
        public List<Type> Handled { get; } = [];
        public Dictionary<string, string[]> Roles { get; } = [];

        public IPluginBuilder Handle<TMessage, THandler>() where TMessage : class where THandler : class, IHandle<TMessage>
        {
            Handled.Add(typeof(TMessage));
            Services.AddTransient<THandler>();
            return this;
        }

        public IPluginBuilder Answer<TRequest, TReply, THandler>() where TRequest : class, IRequest<TReply> where TReply : class where THandler : class, IHandleRequest<TRequest, TReply>
        {
            Handled.Add(typeof(TRequest));
            Services.AddTransient<THandler>();
            return this;
        }

        public IPluginBuilder Schedule<TMessage>(string jobName, string cron, Func<DateTimeOffset, TMessage> message, MisfirePolicy misfire = MisfirePolicy.FireOnceNow) where TMessage : class => this;

        public IPluginBuilder MapEndpoint(PluginEndpoint endpoint)
        {
            Endpoints.Add(endpoint);
            return this;
        }

        public IPluginBuilder DefineRole(string role, params string[] scopes)
        {
            Roles[role] = scopes;
            return this;
        }
    }

    private sealed class Scheduler : IPluginScheduler
    {
        public Dictionary<string, (string Cron, object Message)> Jobs { get; } = [];

        public Task ScheduleAsync<TMessage>(string key, DateTimeOffset at, TMessage message, CancellationToken cancellationToken = default) where TMessage : class => Task.CompletedTask;

        public Task ScheduleCronAsync<TMessage>(string key, string cron, TMessage message, CancellationToken cancellationToken = default) where TMessage : class
        {
            Jobs[key] = (cron, message);
            return Task.CompletedTask;
        }

        public Task CancelAsync(string key, CancellationToken cancellationToken = default)
        {
            Jobs.Remove(key);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ScheduledItem>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ScheduledItem>>([]);
    }

    private (Builder Builder, IServiceProvider Services, Scheduler Scheduler) Load()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DefaultSource"] = "demo",
            ["Access:Roles:wenzhou:RowFilters:region"] = "city = '温州'",
            ["Access:Roles:wenzhou:Description"] = "温州市",
            ["Access:Roles:wenzhou:DeniedColumns:0"] = "customer.phone",
            ["Access:Users:wz:0"] = "wenzhou",
        }).Build();
        var builder = new Builder(configuration);
        var scheduler = new Scheduler();
        db.Sources.SetSemanticLayer("demo", SemanticLayerLoader.LoadShipped("power-marketing"));
        builder.Services.AddSingleton<IDataSources>(db.Sources).AddSingleton<IWorkerClient>(new FakeWorkers()).AddSingleton<IPluginStore>(new MemoryStore())
            .AddSingleton<IPluginScheduler>(scheduler).AddSingleton<IOutbox>(new MemoryOutbox())
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        new DataQueryPlugin().Configure(builder);
        return (builder, builder.Services.BuildServiceProvider(), scheduler);
    }

    private static Task<EndpointResponse> Call(Builder builder, IServiceProvider services, string method, string route, object? body = null, string user = "alice",
        Dictionary<string, string>? routeValues = null, Dictionary<string, string>? query = null, string[]? grants = null) =>
        builder.Endpoints.Single(e => e.Method == method && e.Route == route).Handler(
            new EndpointRequest(body, routeValues ?? [], query ?? [], user, services, scope => (grants ?? []).Contains(scope)), CancellationToken.None);

    [Fact]
    public void Declares_the_ask_request_the_report_job_and_the_endpoints()
    {
        var (builder, _, _) = Load();
        Assert.Contains(typeof(AskQuestionRequest), builder.Handled);
        Assert.Contains(typeof(RunSavedReport), builder.Handled);
        Assert.Equal(
            ["DELETE /api/query/reports/{id}", "GET /api/query/audit", "GET /api/query/reports", "GET /api/query/reports/{id}", "POST /api/query/ask", "POST /api/query/reports", "PUT /api/query/reports/{id}"],
            builder.Endpoints.Select(e => $"{e.Method} {e.Route}").Order(StringComparer.Ordinal));
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plugin.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("DataQuery", manifest!.Id);
    }

    [Fact]
    public async Task Ask_over_http_answers_as_the_caller_and_the_audit_lists_it()
    {
        var (builder, services, _) = Load();
        var answer = await Call(builder, services, "POST", "/api/query/ask", new AskBody("各地市的客户数", AsOf: new DateOnly(2025, 6, 18), Chart: true), user: "wz");
        Assert.Equal(200, answer.StatusCode);
        var reply = Assert.IsType<AskQuestionReply>(answer.Body);
        Assert.Equal("温州", Assert.Single(reply.Rows)[0]);

        var refused = await Call(builder, services, "POST", "/api/query/ask", new AskBody("drop table bill"), user: "wz");
        Assert.Equal(422, refused.StatusCode);
        var missing = await Call(builder, services, "POST", "/api/query/ask", new AskBody(" "));
        Assert.Equal(400, missing.StatusCode);

        var audit = await Call(builder, services, "GET", "/api/query/audit", user: "wz", query: new() { ["user"] = "wz" });
        var records = Assert.IsType<List<AuditRecord>>(audit.Body);
        Assert.Equal(2, records.Count);
        Assert.Equal(["refused", "answered"], records.Select(r => r.Outcome));
        Assert.All(records, r => Assert.Equal("http", r.Channel));
    }

    [Fact]
    public async Task Saved_reports_are_created_scheduled_changed_and_deleted()
    {
        var (builder, services, scheduler) = Load();
        var bad = await Call(builder, services, "POST", "/api/query/reports", new SavedReportBody("x", "q", "every day", null));
        Assert.Equal(400, bad.StatusCode);

        var created = await Call(builder, services, "POST", "/api/query/reports", new SavedReportBody("逾期日报", "各地市逾期电费", "0 0 8 * * ?", new ReportDelivery("oa", "message.send", "营销部")));
        Assert.Equal(201, created.StatusCode);
        var report = Assert.IsType<SavedReport>(created.Body);
        Assert.Equal("alice", report.User);
        Assert.Equal("0 0 8 * * ?", scheduler.Jobs[$"report:{report.Id}"].Cron);
        Assert.Equal(new RunSavedReport(report.Id), scheduler.Jobs[$"report:{report.Id}"].Message);

        var ids = new Dictionary<string, string> { ["id"] = report.Id };
        var updated = await Call(builder, services, "PUT", "/api/query/reports/{id}", new SavedReportBody("逾期日报", "各地市逾期电费", "0 30 9 * * ?", new ReportDelivery("oa"), Enabled: true), routeValues: ids);
        Assert.Equal(200, updated.StatusCode);
        Assert.Equal("0 30 9 * * ?", scheduler.Jobs[$"report:{report.Id}"].Cron);
        Assert.Single(Assert.IsType<List<SavedReport>>((await Call(builder, services, "GET", "/api/query/reports")).Body));
        Assert.Equal(200, (await Call(builder, services, "GET", "/api/query/reports/{id}", routeValues: ids)).StatusCode);

        Assert.Equal(204, (await Call(builder, services, "DELETE", "/api/query/reports/{id}", routeValues: ids)).StatusCode);
        Assert.Empty(scheduler.Jobs);
        Assert.Equal(404, (await Call(builder, services, "GET", "/api/query/reports/{id}", routeValues: ids)).StatusCode);
    }

    [Fact]
    public void Every_endpoint_declares_its_scope_and_the_analyst_role_grants_them()
    {
        var (builder, _, _) = Load();
        Assert.All(builder.Endpoints, e => Assert.StartsWith("query:", e.Scope));
        Assert.Equal([QueryScopes.Ask, QueryScopes.Audit, QueryScopes.Reports], builder.Roles[QueryScopes.AnalystRole]);
        Assert.Subset(builder.Roles[QueryScopes.AnalystRole].ToHashSet(), builder.Endpoints.Select(e => e.Scope!).ToHashSet());
    }

    [Fact]
    public async Task A_report_belongs_to_its_creator_whatever_its_body_says_and_only_the_owner_or_an_admin_changes_it()
    {
        var (builder, services, scheduler) = Load();
        var body = JsonSerializer.Deserialize<SavedReportBody>(
            """{"name":"all cities","question":"各地市的客户数","cron":"0 0 8 * * ?","delivery":{"connector":"sms"},"user":"demo"}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var created = await Call(builder, services, "POST", "/api/query/reports", body, user: "wz");
        var report = Assert.IsType<SavedReport>(created.Body);
        Assert.Equal("wz", report.User);
        var ids = new Dictionary<string, string> { ["id"] = report.Id };

        Assert.Empty(Assert.IsType<List<SavedReport>>((await Call(builder, services, "GET", "/api/query/reports", user: "bob")).Body));
        Assert.Equal(404, (await Call(builder, services, "GET", "/api/query/reports/{id}", user: "bob", routeValues: ids)).StatusCode);
        Assert.Equal(403, (await Call(builder, services, "PUT", "/api/query/reports/{id}", body, user: "bob", routeValues: ids)).StatusCode);
        Assert.Equal(403, (await Call(builder, services, "DELETE", "/api/query/reports/{id}", user: "bob", routeValues: ids)).StatusCode);
        Assert.True(scheduler.Jobs.ContainsKey($"report:{report.Id}"));

        var admin = new[] { QueryScopes.ReportsAll };
        Assert.Single(Assert.IsType<List<SavedReport>>((await Call(builder, services, "GET", "/api/query/reports", user: "root", grants: admin)).Body));
        var changed = await Call(builder, services, "PUT", "/api/query/reports/{id}", body with { Cron = "0 0 9 * * ?" }, user: "root", grants: admin, routeValues: ids);
        Assert.Equal("wz", Assert.IsType<SavedReport>(changed.Body).User);
        Assert.Equal(204, (await Call(builder, services, "DELETE", "/api/query/reports/{id}", user: "root", grants: admin, routeValues: ids)).StatusCode);
    }

    [Fact]
    public async Task Each_user_reads_their_own_audit_and_an_admin_reads_everyones()
    {
        var (builder, services, _) = Load();
        await Call(builder, services, "POST", "/api/query/ask", new AskBody("各地市的客户数", AsOf: new DateOnly(2025, 6, 18)), user: "wz");
        await Call(builder, services, "POST", "/api/query/ask", new AskBody("各地市的客户数", AsOf: new DateOnly(2025, 6, 18)), user: "alice");

        var own = Assert.IsType<List<AuditRecord>>((await Call(builder, services, "GET", "/api/query/audit", user: "wz")).Body);
        Assert.Equal(["wz"], own.Select(r => r.User));
        var asked = Assert.IsType<List<AuditRecord>>((await Call(builder, services, "GET", "/api/query/audit", user: "wz", query: new() { ["user"] = "alice" })).Body);
        Assert.Empty(asked);
        var all = Assert.IsType<List<AuditRecord>>((await Call(builder, services, "GET", "/api/query/audit", user: "root", grants: [QueryScopes.AuditAll])).Body);
        Assert.Equal(["alice", "wz"], all.Select(r => r.User).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_question_about_an_unknown_source_is_a_404_that_names_the_sources()
    {
        var (builder, services, _) = Load();
        var answer = await Call(builder, services, "POST", "/api/query/ask", new AskBody("各地市的客户数", Source: "nowhere"), user: "wz");
        Assert.Equal(404, answer.StatusCode);
        var body = JsonSerializer.SerializeToElement(answer.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Contains("demo", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_question_outside_the_callers_scope_is_refused_naming_the_scope_not_answered_with_nothing()
    {
        var (builder, services, _) = Load();
        var city = await Call(builder, services, "POST", "/api/query/ask", new AskBody("杭州市有多少居民用户？", AsOf: new DateOnly(2025, 6, 18)), user: "wz");
        Assert.Equal(422, city.StatusCode);
        var refusal = Assert.IsType<AskQuestionReply>(city.Body);
        Assert.Equal("permission.scope", refusal.Error!.Code);
        Assert.Contains("'杭州'", refusal.Error.Message);
        Assert.Contains("温州市 (region where city = '温州')", refusal.Error.Message);
        Assert.Empty(refusal.Rows);

        // An account outside the scope is refused too, not answered with the scope's total.
        var outside = (await db.Sources.QueryAsync("demo", "SELECT c.customer_id FROM customer c JOIN region r ON r.region_id = c.region_id WHERE r.city = '杭州' ORDER BY c.customer_id LIMIT 1")).Rows[0][0]!.ToString()!;
        var account = await Call(builder, services, "POST", "/api/query/ask", new AskBody($"户号{outside}的账单总金额", AsOf: new DateOnly(2025, 6, 18)), user: "wz");
        var accountReply = Assert.IsType<AskQuestionReply>(account.Body);
        Assert.True(accountReply.Error?.Code == "permission.scope", $"{accountReply.Sql} → {accountReply.Error?.Code}: {accountReply.Summary}");
        Assert.Contains(outside, accountReply.Error!.Message);

        // The same questions inside the scope, and for an unrestricted user, are answered.
        var inside = await Call(builder, services, "POST", "/api/query/ask", new AskBody("温州市有多少居民用户？", AsOf: new DateOnly(2025, 6, 18)), user: "wz");
        Assert.Equal(200, inside.StatusCode);
        Assert.Equal(200, (await Call(builder, services, "POST", "/api/query/ask", new AskBody("杭州市有多少居民用户？", AsOf: new DateOnly(2025, 6, 18)), user: "alice")).StatusCode);

        var audit = Assert.IsType<List<AuditRecord>>((await Call(builder, services, "GET", "/api/query/audit", user: "wz")).Body);
        Assert.Equal(2, audit.Count(r => r.Outcome == "refused" && r.ErrorCode == "permission.scope"));
    }

    [Theory]
    [InlineData("温州客户的手机号")]
    [InlineData("list the phone number of customers in 温州")]
    public async Task A_hidden_column_asked_for_in_words_is_refused_by_name(string question)
    {
        var (builder, services, _) = Load();
        var answer = await Call(builder, services, "POST", "/api/query/ask", new AskBody(question, AsOf: new DateOnly(2025, 6, 18)), user: "wz");
        Assert.Equal(422, answer.StatusCode);
        var reply = Assert.IsType<AskQuestionReply>(answer.Body);
        Assert.Equal("permission.column", reply.Error!.Code);
        Assert.Contains("customer.phone", reply.Error.Message);
        Assert.Contains("not visible to you", reply.Error.Message);

        // A user who may see the column is not refused.
        var alice = Assert.IsType<AskQuestionReply>((await Call(builder, services, "POST", "/api/query/ask", new AskBody(question, AsOf: new DateOnly(2025, 6, 18)), user: "alice")).Body);
        Assert.NotEqual("permission.column", alice.Error?.Code);
    }
}
