using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// Issue 11, must-show 5: the hub on RabbitMQ with no perception worker of its own, and <c>hub worker perception</c> as a
/// separate process on the same broker: a run posted through the API is inspected by that process and completes.
/// </summary>
[Collection(TunnelHubCollection.Name)]
public sealed class PerceptionWorkerProcessTests(CrackModel model) : IClassFixture<CrackModel>
{
    [SkippableFact]
    public async Task A_run_posted_to_a_hub_on_RabbitMQ_completes_through_a_separate_perception_worker_process()
    {
        Skip.If(model.Unavailable is not null, model.Unavailable);
        await using var hub = await TunnelHub.StartAsync(Backend.RabbitMqPostgres, model, _ => Task.FromResult(Results.Ok()), perceptionInProcess: false);
        var port = HubCliProcess.FreePort();
        using var worker = HubCliProcess.Start(["worker", "perception", $"--urls=http://127.0.0.1:{port}"], hub.Environment.Configuration());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(worker.HasExited, "the perception worker process exited:\n" + worker.Output);
            try
            {
                return (await http.GetAsync("/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the perception worker process healthy");

        var lines = new List<string> { "id,file,chainage,ring,position,mm_per_pixel" };
        var files = new List<(string, byte[])>();
        var photos = CrackDataset.Photos("test", crack: true, 3).Select(p => (Crack: true, Path: p))
            .Concat(CrackDataset.Photos("test", crack: false, 3).Select(p => (Crack: false, Path: p))).ToList();
        foreach (var (photo, i) in photos.Select((p, i) => (p, i)))
        {
            files.Add(($"p{i}.jpg", File.ReadAllBytes(photo.Path)));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"p{i},p{i}.jpg,{Runs.Chainage.Format(2000 + i * 5)},{600 + i},vault,0.2"));
        }

        var upload = await hub.UploadAsync("run.csv", string.Join('\n', lines), files,
            new() { ["tunnelId"] = "T-WORKER", ["method"] = "vehicle", ["date"] = "2026-10-02", ["runId"] = "run-w" });
        Assert.Equal(photos.Count, upload["accepted"]!.GetValue<int>());

        JsonNode run = null!;
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(worker.HasExited, "the perception worker process exited:\n" + worker.Output);
            return (run = await hub.GetAsync("/api/tunnel/runs/run-w"))["completedAt"] is not null;
        }, TimeSpan.FromSeconds(180), "the run completed through the worker process");
        Assert.Equal((photos.Count, 0), (run["inspected"]!.GetValue<int>(), run["failed"]!.GetValue<int>()));

        // The hub classifies nothing itself: the crack photos' defects came from the worker process's answers.
        var cracks = (await hub.GetAsync("/api/tunnel/defects?tunnel=T-WORKER")).AsArray().Where(d => d!["type"]!.GetValue<string>() == "crack").ToList();
        // (The classifier's accuracy is measured elsewhere; the first clean test photo is one of its few false cracks.)
        var ringsWithCracks = cracks.Select(d => d!["ring"]!.GetValue<int>()).ToHashSet();
        Assert.Subset(ringsWithCracks, new HashSet<int> { 600, 601, 602 });
        Assert.True(ringsWithCracks.Count(r => r >= 603) <= 1, $"cracks on clean photos: rings {string.Join(", ", ringsWithCracks)}");
    }
}
