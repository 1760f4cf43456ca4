using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Testing;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Issue 15, operator queries: list and search through the plugin's endpoints, paged and filtered, under the endpoints' scopes.</summary>
public sealed class OperatorQueryTests
{
    [SkippableFact]
    public async Task Work_orders_calls_and_tickets_are_listed_paged_and_filtered_and_a_key_without_the_scope_is_refused()
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(Backend.InMemorySqlite);
        environment.Hub.AddPrincipal("dispatch-desk", "dispatcher-key", ["dispatcher"]);
        environment.Hub.AddPrincipal("voice", "voice-key", ["voice-platform"]);
        await using var hub = await environment.StartHubAsync();
        var voice = hub.ClientFor("voice-key");
        var dispatcher = hub.ClientFor("dispatcher-key");

        async Task Turn(string callId, int turn, string? text)
        {
            var response = await voice.PostAsJsonAsync("/api/voicebot/turn", new { callId, script = "fee-reminder", turn, text, phone = "13900000000" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        async Task<JsonNode> List(HttpClient client, string path)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        static string[] Ids(JsonNode page, string field) => [.. page["items"]!.AsArray().Select(i => i![field]!.GetValue<string>())];

        await Turn("q-1", 0, null);
        await Turn("q-1", 1, "我昨天已经交了");
        await Turn("q-2", 0, null);
        await Turn("q-2", 1, "你们是骗子吧");
        await Turn("q-3", 0, null);
        await Turn("q-3", 1, "别再打了");

        var first = await List(voice, "/api/voicebot/calls?limit=2");
        var rest = await List(voice, "/api/voicebot/calls?limit=2&offset=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.True(first["hasMore"]!.GetValue<bool>());
        Assert.False(rest["hasMore"]!.GetValue<bool>());
        Assert.Equal(["q-1", "q-2", "q-3"], Ids(first, "callId").Concat(Ids(rest, "callId")).Order());

        Assert.Equal(["q-3"], Ids(await List(voice, "/api/voicebot/calls?state=opted-out"), "callId"));
        Assert.Equal(["q-2"], Ids(await List(voice, "/api/voicebot/calls?state=in-progress"), "callId"));
        var scam = await List(voice, "/api/voicebot/calls?q=" + Uri.EscapeDataString("骗子"));
        Assert.Equal(2, scam["items"]![0]!["turns"]!.AsArray().Count);
        Assert.Empty(Ids(await List(voice, "/api/voicebot/calls?from=2000-01-01&to=2000-01-02"), "callId"));
        Assert.Single(Ids(await List(voice, "/api/voicebot/do-not-call"), "callId"));
        Assert.Equal(HttpStatusCode.BadRequest, (await voice.GetAsync("/api/voicebot/calls?limit=0")).StatusCode);

        var bad = await dispatcher.PostAsJsonAsync("/api/power/operation-tickets", new
        {
            ticketId = "OT-q", station = "城东变", line = "10kV城东线", breaker = "901", task = "运行转检修",
            steps = new[] { "拉开10kV城东线901开关", "合上10kV城东线9016接地刀闸" },
        });
        Assert.Equal(422, (int)bad.StatusCode);
        var tickets = await List(dispatcher, "/api/power/operation-tickets?q=" + Uri.EscapeDataString("城东"));
        Assert.Equal(["OT-q"], Ids(tickets, "ticketId"));
        Assert.Empty(Ids(await List(dispatcher, "/api/power/outage-plans?state=completed"), "planId"));

        // Work orders (through the hub's ingest, as an asset system would report a defect), and their deliveries.
        var defect = await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", new
        {
            defectId = "D-q", equipmentId = "T-q-1", defectType = "oil-leak", severity = "major", description = "主变渗油",
            source = "scada-alarm", reportedAt = DateTimeOffset.UtcNow,
        });
        Assert.Equal(HttpStatusCode.Accepted, defect.StatusCode);
        string[] orders = [];
        await Eventually.TrueAsync(async () => (orders = Ids(await List(dispatcher, "/api/power/work-orders?q=T-q-1"), "id")).Length == 1, TimeSpan.FromSeconds(30), "the work order listed");
        Assert.Empty(Ids(await List(dispatcher, "/api/power/work-orders?state=closed"), "id"));
        var deliveries = await List(hub.Client, "/api/deliveries?correlationKey=" + Uri.EscapeDataString(orders[0]));
        Assert.NotEmpty(deliveries.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await voice.GetAsync("/api/power/work-orders")).StatusCode);

        var refused = await dispatcher.GetAsync("/api/voicebot/calls");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("voicebot:read", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await voice.GetAsync("/api/power/outage-plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await voice.GetAsync("/api/power/operation-tickets")).StatusCode);
    }
}
