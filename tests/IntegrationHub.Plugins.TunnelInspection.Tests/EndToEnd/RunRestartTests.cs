using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// A hub stopped part-way through a run (its in-memory bus drops what was queued) and a new hub on the same store: the
/// new hub resumes the run's pending images, the run completes, and every image counts once — one outcome each, one
/// sighting per defect and image, one work order (one idempotency key) per high-grade defect, one announcement per defect.
/// </summary>
[Collection(TunnelHubCollection.Name)]
public sealed class RunRestartTests(CrackModel model, ITestOutputHelper output) : IClassFixture<CrackModel>
{
    private const int Images = 40;

    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> orderKeys = new();

    [SkippableFact]
    public async Task A_run_cut_by_a_restart_completes_with_every_image_counted_once()
    {
        Skip.If(model.Unavailable is not null, model.Unavailable);
        await using var hub = await TunnelHub.StartAsync(Backend.InMemorySqlite, model, request =>
        {
            var defectId = request.Body?["defectId"]?.GetValue<string>() ?? "?";
            orderKeys.GetOrAdd(defectId, _ => []).Add(request.Header("Idempotency-Key") ?? "none");
            return Task.FromResult(Results.Json(new { id = "WO-" + defectId }));
        });

        // Large stains and spalls at 3 mm/px (grade 3: work orders) and clean surfaces, one ring each.
        var images = new JsonArray();
        var files = new List<(string, byte[])>();
        for (var i = 0; i < Images; i++)
        {
            var (id, bytes) = (i % 3) switch
            {
                0 => ($"st{i}", LiningImages.Stain(i, 60, 40)),
                1 => ($"sp{i}", LiningImages.Spall(i, 70, 50)),
                _ => ($"cl{i}", LiningImages.Clean(i)),
            };
            files.Add((id + ".png", bytes));
            images.Add(new JsonObject { ["id"] = id, ["file"] = id + ".png", ["chainage"] = Runs.Chainage.Format(2000 + i * 5), ["ring"] = 600 + i, ["position"] = "vault", ["mmPerPixel"] = 3.0 });
        }

        await hub.UploadAsync("run.json", new JsonObject { ["runId"] = "cut-run", ["tunnelId"] = "T-CUT", ["method"] = "vehicle", ["date"] = "2026-11-03", ["images"] = images }.ToJsonString(), files);
        await Eventually.TrueAsync(async () => Done(await hub.GetAsync("/api/tunnel/runs/cut-run")) >= 1, TimeSpan.FromSeconds(120), "the first image inspected");
        // (The stop lets the images in flight finish: up to the endpoint's concurrency limit, well under 40.)
        await hub.RestartAsync();
        var atRestart = Done(await hub.GetAsync("/api/tunnel/runs/cut-run"));
        output.WriteLine($"restarted with {atRestart} of {Images} images inspected");
        Assert.True(atRestart < Images, "the hub stopped part-way through the run");

        JsonNode run = null!;
        await Eventually.TrueAsync(async () => (run = await hub.GetAsync("/api/tunnel/runs/cut-run"))["completedAt"] is not null, TimeSpan.FromSeconds(180), "the run completed after the restart");
        Assert.Equal((Images, 0), (run["inspected"]!.GetValue<int>(), run["failed"]!.GetValue<int>()));
        Assert.All(run["images"]!.AsArray(), i => Assert.Equal("inspected", i!["outcome"]!.GetValue<string>()));

        var defects = await hub.DefectsAsync("T-CUT");

        // One stain per st image and one spall per sp image, each defect sighted once; nothing on the clean ones but what the crack classifier says.
        var surface = defects.Where(d => d["type"]!.GetValue<string>() != "crack").ToList();
        Assert.Equal(
            Enumerable.Range(0, Images).Where(i => i % 3 != 2).Select(i => i % 3 == 0 ? $"st{i}:leakage" : $"sp{i}:spalling").Order(),
            surface.Select(d => $"{d["history"]![0]!["imageId"]}:{d["type"]}").Order());
        Assert.All(defects, d => Assert.Single(d["history"]!.AsArray(), h => h!["event"]!.GetValue<string>() is "found" or "seen" or "grown"));

        var high = defects.Where(d => d["grade"]!.GetValue<int>() >= 3).Select(d => d["defectId"]!.GetValue<string>()).ToHashSet();
        output.WriteLine($"{defects.Count} defects, {high.Count} of grade ≥ 3; orders {orderKeys.Sum(o => o.Value.Count)} calls for {orderKeys.Count} defects");
        Assert.NotEmpty(high);
        await Eventually.TrueAsync(() => high.All(orderKeys.ContainsKey), TimeSpan.FromSeconds(60), "every high-grade defect's work order delivered");
        Assert.Equal(high.Order(), orderKeys.Keys.Order());
        Assert.All(orderKeys.Values, keys => Assert.Single(keys.Distinct()));

        // Every defect announced exactly once: one committed DefectFound per defect in the hubs' publish outbox, each
        // published. (What the observer saw is not the measure: an in-memory bus drops what it carries when it stops.)
        var ids = defects.Select(d => d["defectId"]!.GetValue<string>()).ToHashSet();
        await Eventually.TrueAsync(() => FoundPublishes(hub).All(p => p.Status == "delivered"), TimeSpan.FromSeconds(60), "every DefectFound published");
        Assert.Equal(ids.Order(), FoundPublishes(hub).Select(p => p.DefectId).Order());
        Assert.Subset(ids, hub.Events.Of<Contracts.Tunnel.Events.DefectFound>().Select(e => e.Defect.DefectId).ToHashSet());
    }

    private static List<(string DefectId, string Status)> FoundPublishes(TunnelHub hub)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(hub.Environment.DataDirectory, "hub.sqlite")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, status FROM outbox_publishes WHERE contract = 'tunnel.defect-found'";
        using var reader = command.ExecuteReader();
        var found = new List<(string, string)>();
        while (reader.Read())
        {
            found.Add((JsonNode.Parse(reader.GetString(0))!["defect"]!["defectId"]!.GetValue<string>(), reader.GetString(1)));
        }

        return found;
    }

    private static int Done(JsonNode run) => run["inspected"]!.GetValue<int>() + run["failed"]!.GetValue<int>();
}
