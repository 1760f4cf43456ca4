using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
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
        var unavailable = HubEnvironment.Unavailable(backend);
        Skip.If(unavailable is not null, unavailable);
        await using var environment = await HubEnvironment.CreateAsync(backend);
        environment.Plugins.Add("IntegrationHub.TestPlugins.Recorder");

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
