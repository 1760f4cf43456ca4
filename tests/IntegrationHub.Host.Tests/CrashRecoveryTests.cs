using System.Net.Http.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 2, test 1 (crash case): the hub process is killed after the handler committed but before the broker got
/// its ack. RabbitMQ redelivers the message to the restarted hub, the inbox recognises it, and the outbox entry
/// committed before the crash is delivered: the target sees the delivery once and the handler ran once.
/// </summary>
public sealed class CrashRecoveryTests
{
    [SkippableFact]
    public async Task A_hub_killed_between_commit_and_ack_neither_loses_nor_repeats_the_work()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        var sink = await environment.AddRecorderWithTargetAsync();

        using (var doomed = await HubProcess.StartAsync(environment, new Dictionary<string, string?> { ["Hub:FaultInjection:CrashAfterCommitOf"] = "power.equipment-defect-reported" }))
        {
            var accepted = await doomed.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-crash"));
            accepted.EnsureSuccessStatusCode();
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the hub was to kill itself after the commit");
        }

        var database = new HubDatabase(StorageProvider.PostgreSql, environment.PostgresConnectionString!);
        var handled = Assert.Single(await Recorded.DefectsAsync(database));
        Assert.Equal(1, handled.Attempt);

        using var survivor = await HubProcess.StartAsync(environment);
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-crash"), TimeSpan.FromSeconds(30), "the delivery after the restart");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the redelivered message is handled (skipped) meanwhile
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-crash"]);
        var after = Assert.Single(await Recorded.DefectsAsync(database));
        Assert.Equal(1, after.Attempt); // the inbox kept the redelivered copy from reaching the handler again
        Assert.Contains("already handled", survivor.Output);
    }
}
