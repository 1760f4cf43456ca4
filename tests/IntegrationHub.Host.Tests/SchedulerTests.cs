using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
using IntegrationHub.Storage.Errors;
using Quartz;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 5: a plugin's cron job fires, its message is handled, and the schedule survives a hub restart.</summary>
public sealed class SchedulerTests
{
    private static readonly Dictionary<string, string?> EverySecond = new() { ["Plugins:Recorder:CronJob"] = "0/1 * * * * ?" };

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_declared_cron_job_fires_through_the_bus_and_its_schedule_persists_across_a_restart(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();

        DateTimeOffset? firedBeforeRestart;
        await using (var hub = await environment.StartHubAsync(EverySecond))
        {
            await Eventually.TrueAsync(async () => (await CronRecords(hub)).Count >= 2, TimeSpan.FromSeconds(20), "the heartbeat job handled twice");
            firedBeforeRestart = (await Trigger(hub)).PreviousFireTimeUtc;
            Assert.NotNull(firedBeforeRestart);
        }

        await using (var hub = await environment.StartHubAsync(EverySecond))
        {
            // The trigger was read back from the database, not created anew: it remembers its earlier fire times.
            var trigger = await Trigger(hub);
            Assert.True(trigger.StartTimeUtc < firedBeforeRestart, "the persisted trigger keeps its original start time");
            var before = (await CronRecords(hub)).Count;
            await Eventually.TrueAsync(async () => (await CronRecords(hub)).Count > before, TimeSpan.FromSeconds(20), "the job firing again after the restart");
        }
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_timer_set_inside_a_handler_fires_after_the_commit_and_a_failing_handler_sets_none(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();

        // On SQLite the scheduler's own connection used to wait on the handler's write transaction until the handler
        // timed out; now the change rides in the handler's unit of work and is applied after the commit.
        await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-T1", "remind:1"));
        await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-T2", "remind:1:then-fail"));

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).Any(r => r.DefectId == "reminder-D-T1"),
            TimeSpan.FromSeconds(30), "the reminder set by the handler handled");
        await Eventually.TrueAsync(
            async () => (await hub.Get<ErrorStore>().ListAsync()).Any(e => e.Body.Contains("D-T2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the failing handler's message in the error store");
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the 1 s its timer would have fired at, had it been set

        var defects = await Recorded.DefectsAsync(hub.Get<HubDatabase>());
        Assert.DoesNotContain(defects, r => r.DefectId == "reminder-D-T2");
        var scheduler = await hub.Get<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(new JobKey("remind-D-T2", "plugin.Recorder")), "no timer from a handler that failed");
    }

    private static async Task<ITrigger> Trigger(TestHub hub)
    {
        var scheduler = await hub.Get<ISchedulerFactory>().GetScheduler();
        return await scheduler.GetTrigger(new TriggerKey("declared:heartbeat", "plugin.Recorder"))
            ?? throw new InvalidOperationException("no heartbeat trigger");
    }

    private static async Task<IReadOnlyList<StoredDocument<JsonObject>>> CronRecords(TestHub hub)
    {
        var store = new DocumentStore(hub.Get<HubDatabase>(), "Recorder", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return await store.ListAsync<JsonObject>("defects", keyPrefix: "cron-", limit: 1000);
    }
}
