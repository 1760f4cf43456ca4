using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// With an open-vocabulary detector configured (<c>Detector:Model</c>), leakage and spalling come from the perception
/// worker's detector over the bus, asked for the configured class names, in place of the image rules: the stain and
/// the spall are found where the detector's boxes say, with its score, and graded on the box's area.
/// </summary>
[Collection(TunnelHubCollection.Name)]
public sealed class SurfaceDetectorTests(CrackModel model, ITestOutputHelper output) : IClassFixture<CrackModel>
{
    private const double Scale = 2.0;

    [SkippableFact]
    public async Task A_configured_detector_finds_leakage_and_spalling_instead_of_the_image_rules()
    {
        Skip.If(model.Unavailable is not null, model.Unavailable);
        var models = SurfaceDetectorModel.WriteModelsFolder(model.ModelsPath, Path.Combine(Path.GetTempPath(), "tunnel-detector-" + Guid.NewGuid().ToString("N")));
        try
        {
            await using var hub = await TunnelHub.StartAsync(Backend.InMemorySqlite, model, _ => Task.FromResult(Results.Ok()), settings: new()
            {
                ["Perception:ModelsPath"] = models,
                ["Plugins:TunnelInspection:Detector:Model"] = SurfaceDetectorModel.Name,
                ["Plugins:TunnelInspection:Detector:Labels:leakage"] = SurfaceDetectorModel.Leakage,
                ["Plugins:TunnelInspection:Detector:Labels:spalling"] = SurfaceDetectorModel.Spalling,
            });
            var (rx, ry, sw, sh) = (60, 40, 70, 50);
            var manifest = new JsonObject
            {
                ["runId"] = "detector-run", ["tunnelId"] = "T-DET", ["method"] = "manual", ["date"] = "2026-11-02",
                ["images"] = new JsonArray(Line("stain", 100), Line("spall", 110), Line("clean", 120)),
            };
            await hub.UploadAsync("run.json", manifest.ToJsonString(),
                [("stain.png", LiningImages.Stain(31, rx, ry)), ("spall.png", LiningImages.Spall(32, sw, sh)), ("clean.png", LiningImages.Clean(33))]);
            await Eventually.TrueAsync(async () => (await hub.GetAsync("/api/tunnel/runs/detector-run"))["completedAt"] is not null, TimeSpan.FromSeconds(120), "the run completed");

            var defects = await hub.DefectsAsync("T-DET");

            output.WriteLine(string.Join('\n', defects.Select(d => $"{d["image"]!["imageId"]}: {d["type"]} {d["image"]!["box"]!.ToJsonString()} {d["measurements"]!.ToJsonString()} grade {d["grade"]}")));
            // (The crack classifier still looks at every photo; what it says about them is the other tests' business.)
            Assert.Equal(["spall:spalling", "stain:leakage"], defects.Where(d => d["type"]!.GetValue<string>() != "crack").Select(d => $"{d["image"]!["imageId"]}:{d["type"]}").Order());
            // The detector's 16×16 cells of the 227×170 photo: its box is the drawn shape's within about a cell.
            AssertBox(defects.Single(d => d["type"]!.GetValue<string>() == "leakage"), LiningImages.Width / 2 - rx, LiningImages.Height / 2 - ry, 2 * rx, 2 * ry);
            AssertBox(defects.Single(d => d["type"]!.GetValue<string>() == "spalling"), (LiningImages.Width - sw) / 2, (LiningImages.Height - sh) / 2, sw, sh);
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    private static void AssertBox(JsonNode defect, int x, int y, int width, int height)
    {
        var box = defect["image"]!["box"]!;
        var (bx, by, bw, bh) = (box["x"]!.GetValue<int>(), box["y"]!.GetValue<int>(), box["width"]!.GetValue<int>(), box["height"]!.GetValue<int>());
        var (cellW, cellH) = (LiningImages.Width / 16.0, LiningImages.Height / 16.0);
        Assert.InRange(bx, x - cellW * 1.5, x + cellW * 1.5);
        Assert.InRange(by, y - cellH * 1.5, y + cellH * 1.5);
        Assert.InRange(bw, width - cellW * 3, width + cellW * 3);
        Assert.InRange(bh, height - cellH * 3, height + cellH * 3);
        var measurements = defect["measurements"]!;
        Assert.True(measurements["score"]!.GetValue<double>() >= 0.3, "the detector's score is kept");
        var boxArea = bw * bh * Scale * Scale / 1e6;
        Assert.InRange(measurements["areaM2"]!.GetValue<double>(), boxArea * 0.97, boxArea * 1.03);
    }

    private static JsonObject Line(string id, double chainage) => new()
    {
        ["id"] = id, ["file"] = id + ".png", ["chainage"] = Runs.Chainage.Format(chainage), ["ring"] = (int)chainage, ["position"] = "vault", ["mmPerPixel"] = Scale,
    };
}
