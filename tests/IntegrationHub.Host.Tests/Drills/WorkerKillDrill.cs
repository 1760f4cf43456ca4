using System.Collections.Concurrent;
using System.Diagnostics;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Testing;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests.Drills;

/// <summary>
/// Issue 12, drill 1: two reasoning workers run as their own processes on one RabbitMQ queue while the hub sends
/// them a stream of requests; ten times in a row one worker is killed with SIGKILL mid-stream and a fresh one
/// started. The messages the dead worker held unacknowledged go back to the queue and the survivor answers them, so
/// from the caller's view every request is answered exactly once and none is lost.
/// </summary>
public sealed class WorkerKillDrill(ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int RequestsPerRound = 60;

    [SkippableFact]
    public async Task Killing_a_worker_mid_stream_ten_times_loses_no_request()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:InProcessWorkers"] = "false" });
        var client = hub.Get<IWorkerClient>();
        var workers = new List<WorkerProcess> { await WorkerProcess.StartAsync(environment, "reasoning"), await WorkerProcess.StartAsync(environment, "reasoning") };
        var answers = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentBag<string>();
        var recovery = new List<TimeSpan>();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var requests = Enumerable.Range(0, RequestsPerRound).Select(i => AskAsync(client, $"r{round}-{i}", answers, failures)).ToList();
                await Task.Delay(TimeSpan.FromMilliseconds(30 + (round * 17 % 90)));
                var killed = Stopwatch.StartNew();
                workers[0].Dispose();
                workers.RemoveAt(0);
                await Task.WhenAll(requests);
                recovery.Add(killed.Elapsed);
                workers.Add(await WorkerProcess.StartAsync(environment, "reasoning"));
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        var sent = Rounds * RequestsPerRound;
        var duplicated = answers.Count(a => a.Value > 1);
        output.WriteLine($"drill 1 (kill -9 a reasoning worker x{Rounds}): sent {sent}, answered {answers.Count}, lost {sent - answers.Count}, answered twice {duplicated}, "
            + $"slowest round after a kill {recovery.Max().TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
        Assert.Equal(sent, answers.Count);
        Assert.Equal(0, duplicated);
    }

    private static async Task AskAsync(IWorkerClient client, string id, ConcurrentDictionary<string, int> answers, ConcurrentBag<string> failures)
    {
        try
        {
            var reply = await client.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(
                new ClassifyIntentRequest($"我已经交过电费了 {id}", "fee-reminder"), TimeSpan.FromSeconds(60));
            if (reply.Error is not null || reply.Intent is null)
            {
                failures.Add($"{id}: {reply.Error?.Message ?? "no intent"}");
            }

            answers.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            failures.Add($"{id}: {e.Message}");
        }
    }
}
