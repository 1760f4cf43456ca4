using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace IntegrationHub.Host.Tests.Drills;

/// <summary>
/// Issue 12, drill 4: clients post a steady stream of events while the hub's PostgreSQL database refuses every
/// connection for <see cref="Outage"/>. During the outage ingest answers 503 at once (the client keeps the event and
/// sends it again); every event answered 202, before, during or after, is handled and delivered, and the hub recovers
/// without a restart. A delivery made just as the database went away may be made again under its Idempotency-Key.
/// The hub runs as its own process (<c>hub run</c>); its log is kept under the test's output folder (<c>hub-logs/</c>),
/// and a failure carries the undelivered events' outbox rows and the log's last lines (CI prints only the message).
/// </summary>
public sealed class DatabaseOutageDrill(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    [SkippableFact]
    public async Task A_thirty_second_database_outage_loses_no_accepted_event_and_needs_no_restart()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        var sink = await environment.AddRecorderWithTargetAsync();
        using var hub = await HubProcess.StartAsync(environment, new Dictionary<string, string?> { ["Hub:InProcessWorkers"] = "false" }, nameof(DatabaseOutageDrill));
        var accepted = new ConcurrentBag<string>();
        var refusals = 0;
        var slowestRefusal = TimeSpan.Zero;

        using var stop = new CancellationTokenSource();
        var stream = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"D-{i:D5}";
                while (true)
                {
                    var clock = Stopwatch.StartNew();
                    var answer = await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect(id));
                    if (answer.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.Add(id);
                        break;
                    }

                    Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                    refusals++;
                    slowestRefusal = clock.Elapsed > slowestRefusal ? clock.Elapsed : slowestRefusal;
                    await Task.Delay(Interval * 4);
                }

                await Task.Delay(Interval);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(3));
        var cut = DateTimeOffset.UtcNow;
        await TestInfrastructure.RefuseConnectionsAsync(environment.PostgresConnectionString!);
        try
        {
            await Task.Delay(Outage);
        }
        finally
        {
            await TestInfrastructure.AllowConnectionsAsync(environment.PostgresConnectionString!);
        }

        var timeline = $"database refused {cut:HH:mm:ss.fff}–{DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC";
        var back = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await stream;
        var ids = accepted.ToHashSet();
        var database = new HubDatabase(StorageProvider.PostgreSql, environment.PostgresConnectionString!);
        try
        {
            await AssertOutcomeAsync();
        }
        catch (Exception e) when (e is TimeoutException or XunitException)
        {
            var undelivered = ids.Where(id => !Recorded.DeliveriesByKey(sink).ContainsKey($"defect:{id}")).ToList();
            throw new XunitException($"{e.Message}\n{timeline}; {ids.Count} accepted, {refusals} refusals\n"
                + $"{await OutboxEvidence.DescribeAsync(database, undelivered)}the hub's log: {hub.LogFile}; its last 80 lines:\n{hub.Tail(80)}");
        }

        async Task AssertOutcomeAsync()
        {
            await Eventually.TrueAsync(() => ids.All(id => Recorded.DeliveriesByKey(sink).ContainsKey($"defect:{id}")), TimeSpan.FromMinutes(2), "every accepted event delivered after the outage");
            var drained = back.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2)); // a duplicate delivery would arrive meanwhile

            var deliveries = Recorded.DeliveriesByKey(sink);
            var handled = (await Recorded.DefectsAsync(database)).Select(d => d.DefectId).ToHashSet();
            output.WriteLine($"drill 4 (database refused for {Outage.TotalSeconds:F0} s): accepted {ids.Count}, refused with 503 {refusals} times (slowest {slowestRefusal.TotalMilliseconds:F0} ms), "
                + $"handled {handled.Count}, delivered {deliveries.Count}, duplicates {deliveries.Count(d => d.Value > 1)}, drained {drained.TotalSeconds:F1} s after the database came back");

            Assert.True(refusals > 0, "the outage was to refuse some events");
            Assert.True(slowestRefusal < TimeSpan.FromSeconds(6), $"a refusal took {slowestRefusal.TotalSeconds:F1} s");
            Assert.Subset(handled, ids);
            Assert.All(ids, id => Assert.True(deliveries.ContainsKey($"defect:{id}"), $"{id} was accepted and never delivered"));

            // A delivery whose success could not be recorded (the store went away between the call and its commit) is sent
            // again with the same Idempotency-Key: at least once, deduplicated by key at the target. Only those in flight at the cut (one claim round) may repeat.
            Assert.True(deliveries.Values.Sum() - deliveries.Count <= 10, $"{deliveries.Count(d => d.Value > 1)} deliveries repeated");
        }
    }
}
