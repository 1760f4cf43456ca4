using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Dispatch;
using IntegrationHub.Host.Dispatch.Filters;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Migrations;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// The outbox's three ports (deliveries to outside systems, deferred publishes, timer changes): written in the
/// handler's unit of work, dispatched after the commit, and by the next hub when the one that committed them died.
/// </summary>
public sealed class OutboxPortsTests
{
    private const string DefectEvent = "/api/events/power.equipment-defect-reported";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="groupCommit">
    /// Most messages one commit takes (<c>Hub:Bus:UnitOfWorkBatch:MaxMessages</c>): above 1, the failing handler's
    /// batch is rolled back and its messages run again one by one, and still nothing of it may remain. (The other
    /// tests run with its default, 32.)
    /// </param>
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite, 1)]
    [InlineData(Backend.RabbitMqPostgres, 1)]
    [InlineData(Backend.RabbitMqPostgres, 32)]
    public async Task A_handler_writes_one_row_to_each_port_with_its_commit_and_a_failing_handler_writes_none(Backend backend, int groupCommit)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Bus:UnitOfWorkBatch:MaxMessages"] = groupCommit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var database = hub.Get<HubDatabase>();

        (await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect("D-P1", "remind:1:publish"))).EnsureSuccessStatusCode();
        (await hub.Client.PostAsJsonAsync(DefectEvent, PluginFailureTests.Defect("D-P2", "remind:1:publish:then-fail"))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Select(r => r.DefectId).ToHashSet().IsSupersetOf(["D-P1", "echo-D-P1", "reminder-D-P1"]),
            TimeSpan.FromSeconds(30), "the defect, its published echo and its reminder handled");
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-P1"), TimeSpan.FromSeconds(20), "the delivery at the target");
        await Eventually.TrueAsync(
            async () => (await hub.Get<ErrorStore>().ListAsync()).Any(e => e.Body.Contains("D-P2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the failing handler's message in the error store");

        // One row in each port's table for the handler that committed, each done by its dispatcher…
        Assert.Equal(["delivered"], await StatusesAsync(database, "outbox_deliveries", "idempotency_key = @key", new { key = "defect:D-P1" }));
        Assert.Equal(["delivered"], await StatusesAsync(database, "outbox_publishes", "source = 'Recorder' AND payload LIKE @echo", new { echo = "%\"echo-D-P1\"%" }));
        Assert.Equal(["delivered"], await StatusesAsync(database, "outbox_timer_changes", "timer_key = @key", new { key = "remind-D-P1" }));

        // …and none for the handler that failed after writing to all three (every attempt rolled back).
        Assert.Empty(await StatusesAsync(database, "outbox_deliveries", "idempotency_key = @key", new { key = "defect:D-P2" }));
        Assert.Empty(await StatusesAsync(database, "outbox_publishes", "payload LIKE @echo", new { echo = "%\"echo-D-P2\"%" }));
        Assert.Empty(await StatusesAsync(database, "outbox_timer_changes", "timer_key = @key", new { key = "remind-D-P2" }));
        Assert.DoesNotContain(await Recorded.DefectsAsync(database), r => r.DefectId is "echo-D-P2" or "reminder-D-P2");
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task What_a_unit_of_work_committed_before_a_crash_is_dispatched_by_the_next_hub_and_timer_changes_apply_in_commit_order(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        var database = backend == Backend.RabbitMqPostgres
            ? new HubDatabase(StorageProvider.PostgreSql, environment.PostgresConnectionString!)
            : new HubDatabase(StorageProvider.Sqlite, $"Data Source={Path.Combine(environment.DataDirectory, "hub.sqlite")}");
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();

        // A handler's unit of work that committed, after which its hub died before any dispatcher ran.
        var ports = new OutboxPorts(database, new DeliveryOutboxStore(database), new PublishOutboxStore(database), new TimerChangeStore(database), new ContractRegistry(), new OutboxSignal());
        var now = DateTimeOffset.UtcNow;
        await CommitAsync(ports, async work =>
        {
            await work.Deliveries.EnqueueAsync(new OutboxDelivery("webhook", "defect.recorded", new JsonObject { ["defectId"] = "D-R" }, "defect:D-R", "D-R"));
            await work.Publishes.PublishAsync(PluginFailureTests.Defect("echo-D-R", "echo"));
            work.AddTimerChange(Once("remind-D-R", now.AddSeconds(1), PluginFailureTests.Defect("reminder-D-R", "reminder")));
        });

        // Three commits change one timer: set, cancel, set again. Only in commit order does the last one stand.
        await CommitAsync(ports, work => Task.Run(() => work.AddTimerChange(Once("order-K", now.AddHours(1), PluginFailureTests.Defect("K1")))));
        await CommitAsync(ports, work => Task.Run(() => work.AddTimerChange(new TimerChange(TimerChangeKind.Cancel, "order-K", null, null, null, null))));
        await CommitAsync(ports, work => Task.Run(() => work.AddTimerChange(Once("order-K", now.AddHours(2), PluginFailureTests.Defect("K3")))));

        await using var hub = await environment.StartHubAsync();
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-R"), TimeSpan.FromSeconds(20), "the committed delivery at the target");
        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Select(r => r.DefectId).ToHashSet().IsSupersetOf(["echo-D-R", "reminder-D-R"]),
            TimeSpan.FromSeconds(30), "the committed publish and timer handled");
        await Eventually.TrueAsync(
            async () => (await StatusesAsync(database, "outbox_timer_changes", "timer_key = 'order-K'", null)).All(s => s == "delivered"),
            TimeSpan.FromSeconds(10), "the timer changes applied");

        var scheduler = await hub.Get<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(new TriggerKey("order-K", "plugin.Recorder"));
        Assert.NotNull(trigger);
        Assert.InRange(trigger.StartTimeUtc, now.AddHours(2).AddSeconds(-1), now.AddHours(2).AddSeconds(1));
        Assert.Contains("\"K3\"", (await scheduler.GetJobDetail(new JobKey("order-K", "plugin.Recorder")))!.JobDataMap.GetString("body"), StringComparison.Ordinal);
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-R"]);
    }

    [Fact]
    public async Task The_dispatch_pipeline_runs_its_filters_in_order_and_has_the_crash_seam_only_when_configured()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        Type[] expected =
        [
            typeof(ContractValidationFilter), typeof(MessageMetricsFilter), typeof(RetryFilter), typeof(StoreOutageFilter), typeof(AttemptTelemetryFilter),
            typeof(ReloadGateFilter), typeof(PrepareFilter), typeof(UnitOfWorkFilter), typeof(InboxFilter),
        ];
        await using (var hub = await environment.StartHubAsync())
        {
            Assert.Equal(expected, hub.Get<DispatchPipeline>().Filters.Select(f => f.GetType()));
        }

        await using (var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:FaultInjection:CrashAfterCommitOf"] = "power.equipment-defect-reported" }))
        {
            // After the reload gate, so the crash comes after the commit and before the ack.
            Assert.Equal(
                [.. expected[..6], typeof(CrashAfterCommitFilter), .. expected[6..]],
                hub.Get<DispatchPipeline>().Filters.Select(f => f.GetType()));
        }
    }

    private static TimerChange Once(string key, DateTimeOffset at, EquipmentDefectReported message) =>
        new(TimerChangeKind.Once, key, "power.equipment-defect-reported", JsonSerializer.Serialize(message, Json), at, null);

    private static async Task CommitAsync(OutboxPorts ports, Func<HandlerUnitOfWork, Task> write)
    {
        await using var work = await ports.BeginAsync("Recorder", Guid.NewGuid(), CancellationToken.None);
        await write(work);
        await work.CommitAsync(CancellationToken.None);
    }

    private static async Task<IReadOnlyList<string>> StatusesAsync(HubDatabase database, string table, string where, object? parameters)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>($"SELECT status FROM {table} WHERE {where}", parameters)).ToList();
    }
}
