using System.Text.Json.Nodes;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// Runs dropped into the watched folder: a drop with good, corrupt and cut-short photos becomes a run (the bad ones
/// rejected with their reason, the rest inspected); a photo still being written is left alone until it has settled; a
/// drop with a refused manifest ends in <c>.failed</c> with its reason. Nothing is lost on the way.
/// </summary>
[Collection(TunnelHubCollection.Name)]
public sealed class RunFolderWatchTests(CrackModel model) : IClassFixture<CrackModel>
{
    [SkippableFact]
    public async Task Dropped_folders_become_runs_and_bad_or_half_written_photos_lose_nothing()
    {
        Skip.If(model.Unavailable is not null, model.Unavailable);
        var drops = Directory.CreateTempSubdirectory("tunnel-drops-").FullName;
        try
        {
            await using var hub = await TunnelHub.StartAsync(Backend.InMemorySqlite, model, _ => Task.FromResult(Results.Ok()), settings: new()
            {
                ["Plugins:TunnelInspection:Watch:Folder"] = drops,
                ["Plugins:TunnelInspection:Watch:PollInterval"] = "00:00:00.500",
                ["Plugins:TunnelInspection:Watch:SettleTime"] = "00:00:02",
            });
            var crack = File.ReadAllBytes(CrackDataset.Photos("test", crack: true, 1)[0]);
            var clean = File.ReadAllBytes(CrackDataset.Photos("test", crack: false, 1)[0]);

            // Drop A: two good photos, one cut short (a copy that stopped half-way), one that is no image at all.
            var a = Drop(drops, "drop-a", ("p0", "K2+000"), ("p1", "K2+005"), ("p2", "K2+010"), ("p3", "K2+015"));
            await File.WriteAllBytesAsync(Path.Combine(a, "p0.jpg"), crack);
            await File.WriteAllBytesAsync(Path.Combine(a, "p1.jpg"), clean);
            await File.WriteAllBytesAsync(Path.Combine(a, "p2.jpg"), crack[..(crack.Length / 2)]);
            await File.WriteAllBytesAsync(Path.Combine(a, "p3.jpg"), LiningImages.Corrupt());

            // Drop C: a manifest the hub refuses (no tunnel id).
            var c = Path.Combine(drops, "drop-c");
            Directory.CreateDirectory(c);
            await File.WriteAllTextAsync(Path.Combine(c, "manifest.json"), """{"method":"drone","date":"2026-10-03","images":[]}""");

            // Drop B: its photo is still being copied, a chunk every 0.5 s for 4 s: it must not be taken before it is whole.
            // As the README asks, the manifest is written last: a drop without one is left alone, however long it takes.
            var b = Path.Combine(drops, "drop-b");
            Directory.CreateDirectory(b);
            var writing = Task.Run(async () =>
            {
                await using (var file = File.Create(Path.Combine(b, "q0.jpg")))
                {
                    foreach (var chunk in crack.Chunk(crack.Length / 8 + 1))
                    {
                        Assert.True(Directory.Exists(b), "the drop was taken while its photo was still being written");
                        await file.WriteAsync(chunk);
                        await file.FlushAsync();
                        await Task.Delay(500);
                    }
                }

                Drop(drops, "drop-b", ("q0", "K2+100"));
            });

            var runA = await CompletedAsync(hub, "drop-a");
            Assert.Equal((2, 0), (runA["inspected"]!.GetValue<int>(), runA["failed"]!.GetValue<int>()));
            var rejected = runA["rejected"]!.AsArray().ToDictionary(r => r!["where"]!.GetValue<string>(), r => r!["error"]!.GetValue<string>());
            Assert.Equal(["p2", "p3"], rejected.Keys.Order());
            Assert.Contains("cut short", rejected["p2"]);
            Assert.Contains("not an image", rejected["p3"]);
            Assert.True(File.Exists(Path.Combine(drops, RunFolderWatch.Done, "drop-a", "manifest.json")), "the drop's manifest kept in .done");
            Assert.False(File.Exists(Path.Combine(drops, RunFolderWatch.Done, "drop-a", "p0.jpg")), "the good photos moved into the run");

            await writing;
            var runB = await CompletedAsync(hub, "drop-b");
            Assert.Equal((1, 0), (runB["inspected"]!.GetValue<int>(), runB["failed"]!.GetValue<int>()));
            Assert.Empty(runB["rejected"]!.AsArray());

            var error = Path.Combine(drops, RunFolderWatch.Failed, "drop-c", "error.txt");
            await Eventually.TrueAsync(() => File.Exists(error), TimeSpan.FromSeconds(30), "the refused drop in .failed");
            Assert.Contains("tunnelId is required", await File.ReadAllTextAsync(error));
            Assert.DoesNotContain(Directory.EnumerateDirectories(drops), d => !Path.GetFileName(d).StartsWith('.'));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(drops, RunFolderWatch.Ingesting)));
        }
        finally
        {
            Directory.Delete(drops, recursive: true);
        }
    }

    private static string Drop(string root, string name, params (string Id, string Chainage)[] images)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var manifest = new JsonObject
        {
            ["tunnelId"] = "T-DROP", ["method"] = "manual", ["date"] = "2026-10-03",
            ["images"] = new JsonArray([.. images.Select(i => (JsonNode)new JsonObject
            {
                ["id"] = i.Id, ["file"] = i.Id + ".jpg", ["chainage"] = i.Chainage, ["ring"] = 700, ["position"] = "vault", ["mmPerPixel"] = 0.2,
            })]),
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());
        return folder;
    }

    private static async Task<JsonNode> CompletedAsync(TunnelHub hub, string runId)
    {
        JsonNode? run = null;
        await Eventually.TrueAsync(async () =>
        {
            var response = await hub.Client.GetAsync($"/api/tunnel/runs/{runId}");
            run = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return run?["completedAt"] is not null;
        }, TimeSpan.FromSeconds(240), $"{runId} completed");
        return run!;
    }
}
