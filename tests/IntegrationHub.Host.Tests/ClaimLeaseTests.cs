using System.Diagnostics;
using System.Net.Http.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 12, short claim leases: two hubs (a process and one in the test) drain one outbox on PostgreSQL. The one
/// working on a delivery renews its lease, so the other does not take the row over while it is in flight, however
/// long the delivery takes; once that process is killed, the other takes its row over within seconds.
/// </summary>
public sealed class ClaimLeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [SkippableFact]
    public async Task A_claim_in_flight_is_renewed_and_a_killed_process_claim_is_taken_over_within_seconds()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        // The first delivery hangs (a slow target) until the test ends; later ones are answered at once.
        var hang = new TaskCompletionSource<IResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = 0;
        var sink = await environment.StartSinkAsync(_ => Interlocked.Exchange(ref first, 1) == 0 ? hang.Task : Task.FromResult(Results.Json(new { id = "EXT-2" })));
        environment.Settings["Connectors:webhook:Kind"] = "webhook";
        environment.Settings["Connectors:webhook:Url"] = sink.Url + "/deliveries";
        environment.Settings["Connectors:webhook:Retries"] = "0";
        environment.Settings["Connectors:webhook:Timeout"] = "00:05:00";
        environment.Settings["Hub:Outbox:ClaimLease"] = Lease.ToString();
        environment.Settings["Hub:InProcessWorkers"] = "false"; // no models to load: the processes start sooner
        try
        {
            using var doomed = await HubProcess.StartAsync(environment);
            (await doomed.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-LEASE"))).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(() => !sink.Requests.IsEmpty, TimeSpan.FromSeconds(30), "the process's dispatcher delivering (and hanging)");

            // A second hub drains the same outbox; for three leases and more the process keeps its claim by renewing it.
            await using var survivor = await environment.StartHubAsync();
            await Task.Delay(3 * Lease);
            Assert.Single(sink.Requests);

            var killed = Stopwatch.StartNew();
            doomed.Dispose(); // kill -9
            await Eventually.TrueAsync(() => sink.Requests.Count >= 2, TimeSpan.FromSeconds(60), "the survivor taking the killed process's delivery over");
            var takeover = killed.Elapsed;
            output.WriteLine($"claim lease {Lease.TotalSeconds:0} s: the killed process's delivery taken over after {takeover.TotalSeconds:0.0} s");
            Assert.True(takeover < Lease + TimeSpan.FromSeconds(10), $"taken over after {takeover.TotalSeconds:0.0} s");

            var database = survivor.Get<HubDatabase>();
            await Eventually.TrueAsync(
                async () => await StatusAsync(database) == "delivered", TimeSpan.FromSeconds(30), "the delivery done by the survivor");
            Assert.Equal(2, Recorded.DeliveriesByKey(sink)["defect:D-LEASE"]);
        }
        finally
        {
            hang.TrySetResult(Results.StatusCode(500));
        }
    }

    private static async Task<string?> StatusAsync(HubDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string?>(connection, "SELECT status FROM outbox_deliveries WHERE idempotency_key = 'defect:D-LEASE'");
    }
}
