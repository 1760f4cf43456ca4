using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// Two inspection runs of one tunnel through the hub's API, the perception worker classifying on a real ONNX model:
/// real crack and clean photographs, cracks of known size drawn on real clean photos, generated stains and spalls and a
/// corrupt file; then a second
/// run (chainages 0.2–0.3 m off) where one crack widened (merged into the same defect, re-graded) and one was repaired. Work orders reach the maintenance system once
/// per high-grade defect although it fails at first; the PDF report holds the text and the photographs.
/// </summary>
[Collection(TunnelHubCollection.Name)]
public sealed class InspectionRunTests(CrackModel model, ITestOutputHelper output) : IClassFixture<CrackModel>
{
    private const string Tunnel = "G4-QLS";
    private const int RealPerClass = 25;

    private readonly ConcurrentDictionary<string, int> ordersAccepted = new();
    private int maintenanceCalls;

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Runs_become_graded_defects_with_history_work_orders_and_reports(Backend backend)
    {
        Skip.If(model.Unavailable is not null, model.Unavailable);
        await using var hub = await TunnelHub.StartAsync(backend, model, MaintenanceSystemAsync);

        // Run 1: 25 + 25 real photos, 5 drawn cracks, 3 stains, 3 spalls, a corrupt file, a bad line and a missing file.
        var lines = new List<string> { "id,file,chainage,ring,position,mm_per_pixel" };
        var files = new List<(string, byte[])>();
        var realCracks = CrackDataset.Photos("test", crack: true, RealPerClass);
        var realClean = CrackDataset.Photos("test", crack: false, RealPerClass);
        for (var i = 0; i < RealPerClass; i++)
        {
            Add($"rc{i}", realCracks[i], 1000 + i * 2, i, "vault", 0.2);
            Add($"rn{i}", realClean[i], 1100 + i * 2, 100 + i, "vault", 0.2);
        }

        // Cracks 11–13 px wide, as the classifier's training photos show them; the grade comes from the scale (mm per pixel).
        (string Id, int Width, int Length, double Angle, double Scale, int Grade)[] cracks =
            [("gc1", 12, 150, 0, 0.15, 2), ("gc2", 11, 160, 15, 0.15, 2), ("gc3", 12, 150, -20, 0.3, 3), ("gc4", 13, 140, 5, 0.5, 4), ("gc5", 12, 170, 30, 0.3, 3)];
        var backgrounds = CrackDataset.Photos("test", crack: false, cracks.Length, skip: 300);
        foreach (var (c, n) in cracks.Select((c, n) => (c, n)))
        {
            AddBytes(c.Id, LiningImages.CrackOn(backgrounds[n], c.Width, c.Length, c.Angle), 1200 + n * 10, 200 + n, "left-wall", c.Scale);
        }

        for (var s = 0; s < 3; s++)
        {
            AddBytes($"st{s}", LiningImages.Stain(s + 10, 55 + s * 5, 38 + s * 3), 1300 + s * 10, 300 + s, "right-wall", 2.0);
            AddBytes($"sp{s}", LiningImages.Spall(s + 20, 66 + s * 6, 48), 1400 + s * 10, 400 + s, "invert", 1.0);
        }

        AddBytes("broken", LiningImages.Corrupt(), 1500, 500, "vault", 0.5);
        lines.Add("badline,bad.png,K1+5x0,501,vault,0.5");
        lines.Add("missing,missing.png,K1+520,502,vault,0.5");

        var run1 = await hub.UploadAsync("run1.csv", string.Join('\n', lines), files,
            new() { ["tunnelId"] = Tunnel, ["line"] = "G4", ["direction"] = "up", ["method"] = "vehicle", ["date"] = "2026-10-01", ["runId"] = "run-1" });
        Assert.Equal(61, run1["accepted"]!.GetValue<int>());
        var rejected = run1["rejected"]!.AsArray().Select(r => r!["where"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["badline", "broken", "missing"], rejected);

        var done1 = await CompletedAsync(hub, "run-1");
        Assert.Equal((61, 0), (done1["inspected"]!.GetValue<int>(), done1["failed"]!.GetValue<int>()));
        var defects = await DefectsByImageAsync(hub);

        var recall = Enumerable.Range(0, RealPerClass).Count(i => Has(defects, $"rc{i}", "crack")) / (double)RealPerClass;
        var falseCracks = Enumerable.Range(0, RealPerClass).Count(i => Has(defects, $"rn{i}", "crack")) / (double)RealPerClass;
        var falseSurface = Enumerable.Range(0, RealPerClass).Count(i => Has(defects, $"rn{i}", "leakage") || Has(defects, $"rn{i}", "spalling")) / (double)RealPerClass;
        output.WriteLine($"{model.ModelName}: cracks found on {recall:0%} of real crack photos, on {falseCracks:0%} of clean ones; leakage/spalling on {falseSurface:0%} of clean ones");
        Assert.True(recall >= 0.9, $"crack recall {recall:0%}");
        Assert.True(falseCracks <= 0.1, $"false cracks {falseCracks:0%}");
        Assert.True(falseSurface <= 0.1, $"false leakage/spalling {falseSurface:0%}");

        output.WriteLine("drawn cracks: " + string.Join(", ", cracks.Select(c => $"{c.Id}={string.Join('+', defects.GetValueOrDefault(c.Id)?.Select(d => d["type"]!.GetValue<string>()) ?? ["nothing"])}")));
        var found = cracks.Where(c => Has(defects, c.Id, "crack")).ToList();
        Assert.Equal(cracks.Select(c => c.Id), found.Select(c => c.Id));
        foreach (var c in found)
        {
            var crack = Single(defects, c.Id, "crack");
            var (width, length) = (crack["measurements"]!["maxWidthMm"]!.GetValue<double>(), crack["measurements"]!["lengthMm"]!.GetValue<double>());
            output.WriteLine($"{c.Id}: drawn {c.Width * c.Scale:0.00} mm × {c.Length * c.Scale:0} mm → measured {width:0.00} mm × {length:0} mm, grade {crack["grade"]}");
            Assert.InRange(width, (c.Width - 1.5) * c.Scale, (c.Width + 1.5) * c.Scale);
            Assert.InRange(length, c.Length * c.Scale * 0.92, c.Length * c.Scale * 1.08);
            Assert.Equal(c.Grade, crack["grade"]!.GetValue<int>());
        }

        var grading = new Grading(new TunnelInspectionOptions());
        for (var s = 0; s < 3; s++)
        {
            var stain = Single(defects, $"st{s}", "leakage");
            var trueArea = Math.PI * (55 + s * 5) * (38 + s * 3) * 4 / 1e6;
            var area = stain["measurements"]!["areaM2"]!.GetValue<double>();
            output.WriteLine($"st{s}: stain {trueArea:0.0000} m² → {area:0.0000} m², {stain["kind"]} grade {stain["grade"]}");
            Assert.InRange(area, trueArea * 0.75, trueArea * 1.25);
            Assert.Equal(grading.Grade("leakage", new Dictionary<string, double> { ["areaM2"] = area }).Grade, stain["grade"]!.GetValue<int>());
            var spall = Single(defects, $"sp{s}", "spalling");
            var spallArea = (66 + s * 6) * 48 / 1e6;
            output.WriteLine($"sp{s}: spall {spallArea:0.0000} m² → {spall["measurements"]!["areaM2"]} m², grade {spall["grade"]}");
            Assert.InRange(spall["measurements"]!["areaM2"]!.GetValue<double>(), spallArea * 0.7, spallArea * 1.3);
        }

        // Every new defect is announced on the bus once, with its grade (the store's record is what the event says).
        var allIds = defects.Values.SelectMany(d => d).ToDictionary(d => d["defectId"]!.GetValue<string>(), d => d["grade"]!.GetValue<int>());
        await WaitQuietlyAsync(() => hub.Events.Of<Contracts.Tunnel.Events.DefectFound>().Count >= allIds.Count, 90);
        var foundEvents = hub.Events.Of<Contracts.Tunnel.Events.DefectFound>();
        output.WriteLine($"DefectFound: {foundEvents.Count} events for {allIds.Count} defects; missing {string.Join(", ", allIds.Keys.Except(foundEvents.Select(e => e.Defect.DefectId)))}");
        // On RabbitMQ+PostgreSQL only 9–15 of 40 used to arrive: the plugin's image handler reran its whole body on a
        // conflict of the run document and took its own new defect for one seen before (see the plugin's README).
        Assert.Equal(allIds.Keys.Order(), foundEvents.Select(e => e.Defect.DefectId).Order());

        Assert.All(foundEvents, e => Assert.Equal((allIds[e.Defect.DefectId], "run-1", Tunnel), (e.Defect.Grade, e.RunId, e.Defect.TunnelId)));

        // Work orders: each defect of grade ≥ 3 once, although the maintenance system refused the first two calls.
        var high = defects.Values.SelectMany(d => d).Where(d => d["grade"]!.GetValue<int>() >= 3).Select(d => d["defectId"]!.GetValue<string>()).ToHashSet();
        Assert.Contains(Single(defects, "gc4", "crack")["defectId"]!.GetValue<string>(), high);
        await Eventually.TrueAsync(async () => (await DefectsByImageAsync(hub)).Values.SelectMany(d => d)
            .Where(d => high.Contains(d["defectId"]!.GetValue<string>())).All(d => d["workOrder"]?["status"]?.GetValue<string>() == "raised"),
            TimeSpan.FromSeconds(60), "every high-grade defect's work order raised");
        Assert.True(maintenanceCalls > high.Count, "the maintenance system failed at first");
        Assert.Equal(high.Order(), ordersAccepted.Keys.Order());
        Assert.All(ordersAccepted.Values, n => Assert.Equal(1, n));

        // The maintenance system completes the order of gc4; run 2 photographs its place clean, and gc2 widened from
        // ~1.7 mm to ~3.3 mm (13 px at 0.25 mm/px: a crack as wide in pixels as the shipped classifier was trained on).
        var repairedId = Single(defects, "gc4", "crack")["defectId"]!.GetValue<string>();
        await hub.CallbackAsync(new JsonObject { ["defectId"] = repairedId, ["status"] = "COMP", ["externalId"] = "WO-x" });
        await Eventually.TrueAsync(async () => (await hub.GetAsync($"/api/tunnel/defects/{Uri.EscapeDataString(repairedId)}"))["workOrder"]?["status"]?.GetValue<string>() == "completed",
            TimeSpan.FromSeconds(30), "the completed status recorded");
        var json = new JsonObject
        {
            ["tunnelId"] = Tunnel, ["method"] = "drone", ["date"] = "2026-11-01", ["runId"] = "run-2",
            ["images"] = new JsonArray(
                Line("gc2", 1210.2, 201, "left-wall", 0.25), Line("gc4", 1230.3, 203, "left-wall", 0.5)),
        };
        await hub.UploadAsync("run2.json", json.ToJsonString(), [
            ("gc2.png", LiningImages.CrackOn(backgrounds[1], 13, 160, 15)), ("gc4.png", File.ReadAllBytes(backgrounds[3]))]);
        var done2 = await CompletedAsync(hub, "run-2");
        Assert.Empty(done2["newDefects"]!.AsArray());
        var grownId = Single(defects, "gc2", "crack")["defectId"]!.GetValue<string>();
        Assert.Equal([grownId], done2["grownDefects"]!.AsArray().Select(d => d!.GetValue<string>()));
        // Repairs are closed by the run-completed event's handler, just after the run is marked complete.
        await Eventually.TrueAsync(async () => (await hub.GetAsync("/api/tunnel/runs/run-2"))["repairedDefects"]!.AsArray().Count > 0, TimeSpan.FromSeconds(30), "repairs closed");
        done2 = await hub.GetAsync("/api/tunnel/runs/run-2");
        Assert.Equal([repairedId], done2["repairedDefects"]!.AsArray().Select(d => d!.GetValue<string>()));

        var grown = await hub.GetAsync($"/api/tunnel/defects/{Uri.EscapeDataString(grownId)}");
        output.WriteLine($"gc2 history: {grown["history"]!.ToJsonString()}");
        Assert.Equal((3, true), (grown["grade"]!.GetValue<int>(), grown["grown"]!.GetValue<bool>()));
        Assert.Equal(["found", "grown", "work-order"], grown["history"]!.AsArray().Select(h => h!["event"]!.GetValue<string>()).Take(3));
        await Eventually.TrueAsync(() => ordersAccepted.ContainsKey(grownId), TimeSpan.FromSeconds(30), "the re-graded crack's work order");
        Assert.Equal("repaired", (await hub.GetAsync($"/api/tunnel/defects/{Uri.EscapeDataString(repairedId)}"))["status"]!.GetValue<string>());

        var inRange = (await hub.GetAsync($"/api/tunnel/defects?tunnel={Tunnel}&minGrade=3&from=K1%2B200&to=K1%2B250")).AsArray();
        Assert.NotEmpty(inRange);
        Assert.All(inRange, d => Assert.True(d!["grade"]!.GetValue<int>() >= 3 && d["chainageM"]!.GetValue<double>() is >= 1200 and <= 1250));

        // Run 2 announced the grown crack (re-graded 2 → 3) and the repaired one, and nothing new.
        await WaitQuietlyAsync(() => hub.Events.Of<Contracts.Tunnel.Events.DefectRepaired>().Count > 0 && hub.Events.Of<Contracts.Tunnel.Events.DefectGrown>().Count > 0, 30);
        var grownEvents = hub.Events.Of<Contracts.Tunnel.Events.DefectGrown>();
        var repairedEvents = hub.Events.Of<Contracts.Tunnel.Events.DefectRepaired>();
        output.WriteLine($"run 2 events: {grownEvents.Count} grown, {repairedEvents.Count} repaired");
        Assert.Single(grownEvents);
        Assert.Single(repairedEvents);
        Assert.All(grownEvents, grownEvent =>
        {
            Assert.Equal((grownId, 2, 3, "run-2"), (grownEvent.Defect.DefectId, grownEvent.PreviousGrade, grownEvent.Defect.Grade, grownEvent.RunId));
            Assert.True(grownEvent.Defect.Measurements["maxWidthMm"] > grownEvent.PreviousMeasurements["maxWidthMm"], "the event carries the widening");
        });
        Assert.All(repairedEvents, repairedEvent => Assert.Equal((repairedId, "run-2"), (repairedEvent.Defect.DefectId, repairedEvent.RunId)));
        Assert.Equal(foundEvents.Count, hub.Events.Of<Contracts.Tunnel.Events.DefectFound>().Count); // run 2 found nothing new

        await CheckReportsAsync(hub);
        await CheckWeeklyReportAsync(hub);

        void Add(string id, string path, double chainage, int ring, string position, double scale) =>
            AddBytes(id, File.ReadAllBytes(path), chainage, ring, position, scale, Path.GetExtension(path));

        void AddBytes(string id, byte[] bytes, double chainage, int ring, string position, double scale, string extension = ".png")
        {
            files.Add((id + extension, bytes));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{id},{id}{extension},{Runs.Chainage.Format(chainage)},{ring},{position},{scale}"));
        }
    }

    private async Task CheckReportsAsync(TunnelHub hub)
    {
        var html = await hub.Client.GetStringAsync("/api/tunnel/runs/run-1/report");
        Assert.Contains("Inspection run run-1", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("broken", html);

        var response = await hub.Client.GetAsync("/api/tunnel/runs/run-2/report?format=pdf");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var text = string.Join('\n', pages.Select(p => p.Text));
        output.WriteLine($"run-2 PDF: {pdf.Length} bytes, {pages.Count} pages, {pages.Sum(p => p.GetImages().Count())} images");
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Contains("Inspection run run-2", text);
        Assert.Contains("Grown (1)", text);
        Assert.Contains("Repaired and closed (1)", text);
        Assert.True(pages[1].GetImages().Any(), "the strip chart");
        Assert.True(pages.Skip(2).Sum(p => p.GetImages().Count()) >= 2, "annotated photographs");
    }

    /// <summary>Waits up to <paramref name="seconds"/>; the assertions after it say what is missing.</summary>
    private static async Task WaitQuietlyAsync(Func<bool> condition, int seconds)
    {
        for (var waited = 0; waited < seconds * 10 && !condition(); waited++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>The weekly Quartz job (Monday 06:00) fires once the hub's clock passes it and writes the tunnel's HTML and PDF report.</summary>
    private async Task CheckWeeklyReportAsync(TunnelHub hub)
    {
        var folder = Path.Combine(hub.PluginData, "reports", Tunnel);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), "no weekly report before it is due");
        hub.Clock.Advance(TimeSpan.FromDays(8));
        await Eventually.TrueAsync(() => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.pdf").Any() && Directory.EnumerateFiles(folder, "*.html").Any(),
            TimeSpan.FromSeconds(60), "the weekly report written by the Quartz job");
        var pdfFile = Directory.EnumerateFiles(folder, "*.pdf").Order().First();
        await Eventually.TrueAsync(() => { try { using var d = PdfDocument.Open(File.ReadAllBytes(pdfFile)); return true; } catch (Exception) { return false; } },
            TimeSpan.FromSeconds(10), "the weekly PDF complete");
        using var weekly = PdfDocument.Open(File.ReadAllBytes(pdfFile));
        var text = string.Join('\n', weekly.GetPages().Select(p => p.Text));
        output.WriteLine($"weekly report {Path.GetFileName(pdfFile)}: {weekly.NumberOfPages} pages");
        Assert.Contains($"Tunnel {Tunnel}: lining defects", text);
        Assert.Contains("Open defects:", text);
    }

    private static JsonObject Line(string id, double chainage, int ring, string position, double scale) => new()
    {
        ["id"] = id, ["file"] = id + ".png", ["chainage"] = Runs.Chainage.Format(chainage), ["ring"] = ring, ["position"] = position, ["mmPerPixel"] = scale,
    };

    private static async Task<JsonNode> CompletedAsync(TunnelHub hub, string runId)
    {
        JsonNode run = null!;
        await Eventually.TrueAsync(async () => (run = await hub.GetAsync($"/api/tunnel/runs/{runId}"))["completedAt"] is not null, TimeSpan.FromSeconds(240), $"{runId} completed");
        return run;
    }

    private static async Task<Dictionary<string, List<JsonNode>>> DefectsByImageAsync(TunnelHub hub)
    {
        var byImage = new Dictionary<string, List<JsonNode>>();
        foreach (var defect in await hub.DefectsAsync(Tunnel))
        {
            var image = defect["history"]![0]!["imageId"]!.GetValue<string>();
            (byImage.TryGetValue(image, out var list) ? list : byImage[image] = []).Add(defect);
        }

        return byImage;
    }

    private static bool Has(Dictionary<string, List<JsonNode>> defects, string image, string type) =>
        defects.TryGetValue(image, out var list) && list.Any(d => d["type"]!.GetValue<string>() == type);

    private static JsonNode Single(Dictionary<string, List<JsonNode>> defects, string image, string type) =>
        Assert.Single(defects.GetValueOrDefault(image) ?? [], d => d["type"]!.GetValue<string>() == type);

    private async Task<IResult> MaintenanceSystemAsync(WebhookSink.Received request)
    {
        await Task.Yield();
        if (Interlocked.Increment(ref maintenanceCalls) <= 2)
        {
            return Results.StatusCode(503);
        }

        var defectId = request.Body?["defectId"]?.GetValue<string>() ?? "?";
        ordersAccepted.AddOrUpdate(defectId, 1, (_, n) => n + 1);
        return Results.Json(new { id = "WO-" + Encoding.UTF8.GetByteCount(defectId) + "-" + ordersAccepted.Count });
    }
}
