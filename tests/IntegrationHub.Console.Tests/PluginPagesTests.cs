using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.TunnelInspection.Tests;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Pages plugins contribute through the SDK: PowerWorkOrders' voice campaigns (and a work order's calls), and
/// TunnelInspection's chainage strip, annotated photographs, a defect's history and the run reports. Seeded through the
/// plugins' own event and upload APIs, the voice platform's signed callback, and the perception worker on real photos.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PluginPagesTests(ConsoleHub hub)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>A run's photos go through the perception worker twice each (locate, measure): generous for a busy CI machine.</summary>
    private static readonly TimeSpan RunWait = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task A_voice_campaign_lists_with_its_counts_and_opens_with_its_calls_also_from_its_work_order()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        var client = hub.Hub.ClientFor(ConsoleHub.OperatorKey);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", ConsoleHub.Defect("D-calls", "bushing oil seep"))).StatusCode);
        var customers = await CustomersAsync(2);
        var campaign = new CampaignRequested("FR-console", CampaignKinds.FeeReminder, DateTimeOffset.UtcNow, CustomerIds: customers,
            Variables: new Dictionary<string, string> { ["workOrderId"] = "WO-D-calls" });
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/events/power.campaign-requested", campaign)).StatusCode);

        // The call task reaches the voice platform; one customer promises to pay, the other does not answer (retried later).
        WebhookSink.Received? task = null;
        await Eventually.TrueAsync(() => (task = hub.Target.Requests.FirstOrDefault(r => r.Path == "/voice/call-tasks" && r.Body?["taskId"]?.GetValue<string>() == "FR-console-b0")) is not null,
            Wait, "the campaign's call task at the voice platform");
        var numbers = task!.Body!["numbers"]!.AsArray().Select(n => (Id: n!["customerId"]!.GetValue<string>(), Phone: n["phone"]!.GetValue<string>())).ToList();
        await CallResultsAsync(new JsonArray(Result(numbers[0], "answered", "承诺缴费"), Result(numbers[1], "no-answer", null)));

        // The API lists it as the operator query does (summary, kind filter), once the results are in.
        JsonNode? listed = null;
        await Eventually.TrueAsync(async () =>
        {
            var answer = JsonNode.Parse(await client.GetStringAsync("/api/power/campaigns?kind=FEE-REMINDER&q=FR-console&limit=5"))!;
            listed = answer["items"]!.AsArray().SingleOrDefault(i => i!["campaignId"]!.GetValue<string>() == "FR-console");
            return listed?["reached"]?.GetValue<int>() == 1 && listed["retried"]?.GetValue<int>() == 1;
        }, Wait, "the campaign's results in the list");
        Assert.Null(listed!["contacts"]);
        Assert.Equal(1, listed["outcomes"]!["承诺缴费"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/power/operation-tickets?kind=x")).StatusCode);

        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var page = session.Page;
        await page.ClickAsync("nav >> text=Voice campaigns");
        await page.ClickAsync("ul.links a >> text=fee-reminder");
        await Assertions.Expect(page.Locator("ul.links [aria-current]").First).ToHaveTextAsync("fee-reminder");
        var row = page.Locator("table.plugin-table tbody tr", new() { Has = page.Locator("a", new() { HasText = "FR-console" }) });
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return (await row.CountAsync()) == 1 && (await row.InnerTextAsync()).Contains("承诺缴费 1", StringComparison.Ordinal);
        }, Wait, "the campaign listed with its outcome");
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["FR-console", "fee-reminder", "calling"], cells.Take(3));
        Assert.Equal(["2", "1", "0", "1"], cells.Skip(4).Take(4)); // customers, reached, not reached, pending (the retry)
        Assert.Equal("1 / 1", cells[10]); // retried customers / retry batches
        await session.ScreenshotAsync("campaigns");

        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("FR-console");
        var calls = page.Locator("table.plugin-table", new() { Has = page.Locator("th", new() { HasText = "Dial status" }) });
        await Assertions.Expect(calls.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(calls).ToContainTextAsync("承诺缴费");
        await Assertions.Expect(calls).ToContainTextAsync("no-answer");
        await Assertions.Expect(page.Locator("table.deliveries").First).ToContainTextAsync("call-task.create");
        await session.ScreenshotAsync("campaign");

        // The work order the campaign was requested for lists the campaign's calls, beside its history and deliveries.
        await page.GotoAsync("/p/PowerWorkOrders/work-orders/WO-D-calls");
        var orderCalls = page.Locator("table.plugin-table", new() { Has = page.Locator("th", new() { HasText = "Dial status" }) });
        await Assertions.Expect(orderCalls.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(orderCalls).ToContainTextAsync("FR-console");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Escalations" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_tunnel_shows_its_defects_along_the_chainage_a_defect_its_growth_and_the_run_report_downloads()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        Skip.If(CrackDataset.Root is null, CrackDataset.Unavailable);
        // Cracks 12 px wide drawn on real clean photographs (as the classifier's training photos show them).
        var backgrounds = CrackDataset.Photos("test", crack: false, 2, skip: 300);
        byte[][] photos = [LiningImages.CrackOn(backgrounds[0], 12, 150, 0), LiningImages.CrackOn(backgrounds[1], 12, 160, 15)];

        // Run 1 at 0.15 mm per pixel; run 2 photographs the first crack again at 0.5 mm per pixel: it is wider now.
        await UploadRunAsync("console-run-1", "2026-10-01", [("c1.jpg", photos[0], "K12+345.6", 0.15), ("c2.jpg", photos[1], "K12+410.0", 0.15)]);
        await UploadRunAsync("console-run-2", "2026-11-01", [("c1.jpg", photos[0], "K12+345.6", 0.5)]);
        var defects = JsonNode.Parse(await hub.Hub.Client.GetStringAsync("/api/tunnel/defects?tunnel=CONSOLE-T1"))!.AsArray();
        var grown = defects.FirstOrDefault(d => d!["grown"]!.GetValue<bool>())?["defectId"]?.GetValue<string>();
        Assert.True(grown is not null, "a crack grew between the runs: " + defects.ToJsonString());

        await using var session = await ConsoleSession.OpenAsync(hub, HubEnvironment.ApiKey);
        var page = session.Page;
        await page.ClickAsync("nav >> text=Tunnel defects");
        await page.ClickAsync("table.plugin-table a >> text=CONSOLE-T1");
        var marks = page.Locator("figure.strip svg a.mark");
        await Assertions.Expect(marks).ToHaveCountAsync(defects.Count(d => d!["status"]!.GetValue<string>() != "repaired"));
        await Assertions.Expect(page.Locator("figure.strip")).ToContainTextAsync("K12+");
        var photo = page.Locator(".gallery img").First;
        await Assertions.Expect(photo).ToBeVisibleAsync();
        Assert.True(await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 100, "the annotated photograph loads");
        await session.ScreenshotAsync("tunnel");

        // The run's PDF report downloads from the page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("ul.downloads a >> text=console-run-2 (PDF)"));
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));

        // The grown crack: its mark opens its history (found in run 1, grown in run 2).
        await page.ClickAsync($"figure.strip svg a.mark[data-link=\"{grown}\"]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(grown!);
        var history = page.Locator("table.plugin-table", new() { Has = page.Locator("th", new() { HasText = "Event" }) });
        await Assertions.Expect(history.Locator("tbody tr").First).ToContainTextAsync("found");
        var events = (await history.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).Where(e => e is "found" or "seen" or "grown").ToList();
        Assert.Equal(["found", "grown"], events); // besides its work-order entries (a grown crack is graded higher)
        await Assertions.Expect(page.Locator(".gallery img")).ToBeVisibleAsync();
        await session.ScreenshotAsync("tunnel-defect");
    }

    private async Task UploadRunAsync(string runId, string date, (string File, byte[] Photo, string Chainage, double MmPerPixel)[] images)
    {
        var manifest = new JsonObject
        {
            ["runId"] = runId, ["tunnelId"] = "CONSOLE-T1", ["line"] = "G4", ["direction"] = "up", ["method"] = "vehicle", ["date"] = date,
            ["images"] = new JsonArray([.. images.Select((i, n) => (JsonNode)new JsonObject
            {
                ["id"] = $"img{n}", ["file"] = i.File, ["chainage"] = i.Chainage, ["ring"] = 100 + n, ["position"] = "vault", ["mmPerPixel"] = i.MmPerPixel,
            })]),
        };
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(manifest.ToJsonString())) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "manifest", "manifest.json" },
        };
        foreach (var image in images)
        {
            content.Add(new ByteArrayContent(image.Photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "images", image.File);
        }

        var response = await hub.Hub.Client.PostAsync("/api/tunnel/runs", content);
        Assert.True(response.IsSuccessStatusCode, $"upload {runId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Eventually.TrueAsync(async () => JsonNode.Parse(await hub.Hub.Client.GetStringAsync($"/api/tunnel/runs/{runId}"))?["completedAt"] is JsonValue,
            RunWait, $"run {runId} inspected");
    }

    private static JsonObject Result((string Id, string Phone) number, string status, string? intent) => new()
    {
        ["callId"] = $"console-{number.Id}", ["taskId"] = "FR-console-b0", ["phone"] = number.Phone, ["dialStatus"] = status,
        ["durationSeconds"] = status == "answered" ? 30 : 0, ["intent"] = intent, ["attempt"] = 1, ["final"] = true,
    };

    /// <summary>The voice platform's results, signed as its connector expects.</summary>
    private async Task CallResultsAsync(JsonArray results)
    {
        var json = results.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/voicebot/call-result") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HmacSignature.TimestampHeader, timestamp);
        request.Headers.Add(HmacSignature.SignatureHeader, HmacSignature.Sign(ConsoleHub.CallbackSecret, timestamp, json));
        var response = await hub.Hub.Anonymous.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"call results: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Active demo customers with a phone of their own.</summary>
    private async Task<List<string>> CustomersAsync(int count)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(hub.DataDirectory, "power-marketing.sqlite")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(customer_id) FROM customer WHERE status = '正常' GROUP BY phone HAVING COUNT(*) = 1 ORDER BY 1 LIMIT {count}";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
