using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>Issue 6: defect → order at the fake EAM → escalated when not accepted in time → accepted by webhook → completed; nothing lost while the EAM is down.</summary>
public sealed class WorkOrderLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static EquipmentDefectReported Defect(string id, string equipment = "T-1") =>
        new(id, equipment, "oil-leak", "critical", "主变本体渗油", "inspection-photo", DateTimeOffset.UtcNow, "1号主变", "西湖变");

    private static async Task<string?> StatusAsync(PowerHub hub, string orderId) =>
        (await hub.GetAsync($"/api/power/work-orders/{orderId}"))?["status"]?.GetValue<string>();

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Defect_becomes_an_eam_order_is_escalated_when_not_accepted_then_accepted_and_completed_by_webhook(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);
        // The urgent order's acceptance deadline is the configured 30 min; the test moves the hub's clock past it.
        // A short idle wait makes the scheduler look at its store again soon after the clock moved.
        var clock = new MovableTimeProvider();
        await using var hub = await environment.StartHubAsync(
            new Dictionary<string, string?> { ["Plugins:PowerWorkOrders:WorkOrders:AcceptWithin"] = "00:30:00", ["Hub:Scheduler:IdleWait"] = "00:00:01" },
            services => services.AddSingleton<TimeProvider>(clock));

        await hub.PostEventAsync("power.equipment-defect-reported", Defect("D-100"));
        // The order is named after the report handled first; competing consumers may take two reports in either
        // order, so the repeat is sent once the first has made its order.
        await Eventually.TrueAsync(async () => await StatusAsync(hub, "WO-D-100") is not null, Wait, "the order made from the first report");
        await hub.PostEventAsync("power.equipment-defect-reported", Defect("D-101")); // the same defect reported again: joins

        await Eventually.TrueAsync(async () => await StatusAsync(hub, "WO-D-100") == WorkOrderStatuses.Dispatched, Wait, "the order dispatched to the EAM");
        await Eventually.TrueAsync(async () => (await hub.GetAsync("/api/power/work-orders/WO-D-100"))!["reports"]!.AsArray().Count == 2, Wait, "the repeated report joined the order");
        var created = Assert.Single(environment.Eam.Requests);
        Assert.Equal("/maximo/api/os/mxwo", created.Path);
        Assert.Equal("WO-D-100", created.Body!["externalrefid"]!.GetValue<string>());
        Assert.Equal("T-1", created.Body["assetnum"]!.GetValue<string>());
        Assert.Equal("西湖变", created.Body["location"]!["site"]!.GetValue<string>());
        Assert.Equal("wo-create:WO-D-100", created.Headers["Idempotency-Key"]);
        Assert.True(HmacSignature.Verify(PowerHubEnvironment.EamSecret, created.Headers[HmacSignature.TimestampHeader], created.Headers[HmacSignature.SignatureHeader], created.RawBody, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        var order = (await hub.GetAsync("/api/power/work-orders/WO-D-100"))!;
        Assert.Equal("EXT-1", order["externalId"]!.GetValue<string>());
        Assert.Equal(2, order["reports"]!.AsArray().Count);

        // Not accepted within the deadline: the supervisor is told through the OA robot.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(environment.Oa.Requests, r => r.Path == "/robot/send"); // not before the deadline
        clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.TrueAsync(() => environment.Oa.Requests.Any(r => r.Path == "/robot/send"), Wait, "the escalation message at the OA robot");
        var escalation = environment.Oa.Requests.First(r => r.Path == "/robot/send");
        Assert.Contains("未接单", escalation.Body!["text"]!["content"]!.GetValue<string>());
        Assert.Equal("dispatch-supervisor", escalation.Body["at"]!["atUserIds"]![0]!.GetValue<string>());
        await Eventually.TrueAsync(() => hub.Observed.Of<WorkOrderEscalated>().Any(e => e.OrderId == "WO-D-100"), Wait, "WorkOrderEscalated on the bus");

        // The EAM reports progress by webhook (its own codes, mapped by configuration); a retried webhook changes nothing.
        var sent = 0;
        foreach (var status in new[] { "APPR", "APPR", "INPRG", "COMP" })
        {
            // Each send signed a second apart, as the EAM's retry is: the hub accepts a signature once.
            await hub.CallbackAsync("/callbacks/eam/status", new JsonObject { ["wonum"] = "EXT-1", ["externalrefid"] = "WO-D-100", ["status"] = status }, clock.GetUtcNow().AddSeconds(sent++));
            var expected = status switch { "APPR" => WorkOrderStatuses.Accepted, "INPRG" => WorkOrderStatuses.InProgress, _ => WorkOrderStatuses.Completed };
            await Eventually.TrueAsync(async () => await StatusAsync(hub, "WO-D-100") == expected, Wait, $"the order {expected}");
        }

        order = (await hub.GetAsync("/api/power/work-orders/WO-D-100"))!;
        var history = order["history"]!.AsArray().Select(h => $"{h!["to"]!.GetValue<string>()}:{h["source"]!.GetValue<string>()}").ToList();
        // The duplicate's "joined" entry lands wherever the second report was handled; the lifecycle around it is fixed.
        Assert.Equal(2, history.Count(h => h.EndsWith(":defect:inspection-photo", StringComparison.Ordinal)));
        Assert.Equal(
            ["created:defect:inspection-photo", "dispatched:eam-delivery", "dispatched:escalation", "accepted:eam-webhook", "in-progress:eam-webhook", "completed:eam-webhook"],
            history.Where((h, i) => i == 0 || !h.EndsWith(":defect:inspection-photo", StringComparison.Ordinal)).ToList());
        Assert.Single(environment.Eam.Requests); // one record at the EAM for two reports and all the retries
        await Eventually.TrueAsync(() => hub.Observed.Of<WorkOrderStatusChanged>().Count(c => c.OrderId == "WO-D-100") == 5, Wait, "five status changes on the bus");
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Orders_are_not_lost_while_the_eam_is_down_and_a_failed_delivery_is_replayed_from_the_error_store(Backend backend)
    {
        await using var environment = await PowerHubEnvironment.CreateOrSkipAsync(backend);
        environment.Eam.Down = true;
        await using (var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Outbox:MaxAttempts"] = "100" }))
        {
            for (var i = 0; i < 5; i++)
            {
                await hub.PostEventAsync("power.equipment-defect-reported", Defect($"D-{i}", equipment: $"T-{i}"));
            }

            await Task.Delay(TimeSpan.FromSeconds(4)); // several attempts fail meanwhile
            Assert.Empty(environment.Eam.Requests);
            environment.Eam.Down = false;
            await Eventually.TrueAsync(async () =>
            {
                foreach (var i in Enumerable.Range(0, 5))
                {
                    if (await StatusAsync(hub, $"WO-D-{i}") != WorkOrderStatuses.Dispatched)
                    {
                        return false;
                    }
                }

                return true;
            }, Wait, "all five orders dispatched once the EAM is back");
            Assert.Equal(5, environment.Eam.Requests.Select(r => r.Headers["Idempotency-Key"]).Distinct().Count());
            Assert.Equal(5, environment.Eam.Requests.Count);
        }

        // Down for longer than the outbox tries: the delivery ends in the error store (with the EAM's answer) and replay delivers it.
        environment.Eam.Down = true;
        await using (var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Outbox:MaxAttempts"] = "2" }))
        {
            await hub.PostEventAsync("power.equipment-defect-reported", Defect("D-late", equipment: "T-9"));
            JsonNode? error = null;
            await Eventually.TrueAsync(async () =>
            {
                error = (await hub.GetAsync("/api/errors"))?.AsArray().FirstOrDefault(e => e!["endpoint"]?.GetValue<string>() == "eam");
                return error is not null;
            }, Wait, "the failed EAM delivery in the error store");
            Assert.Equal(WorkOrderStatuses.Created, await StatusAsync(hub, "WO-D-late"));

            environment.Eam.Down = false;
            var replay = await hub.Client.PostAsync($"/api/errors/{error!["id"]!.GetValue<string>()}/replay", null);
            Assert.True(replay.IsSuccessStatusCode, await replay.Content.ReadAsStringAsync());
            await Eventually.TrueAsync(async () => await StatusAsync(hub, "WO-D-late") == WorkOrderStatuses.Dispatched, Wait, "the replayed order dispatched");
            Assert.Single(environment.Eam.Requests, r => r.Headers["Idempotency-Key"] == "wo-create:WO-D-late");
        }
    }
}
