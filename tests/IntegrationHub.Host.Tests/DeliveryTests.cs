using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 1: event → API → plugin handler → outbox → the outside system, exactly once, through failures.</summary>
public sealed class DeliveryTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task An_event_reaches_the_plugin_and_its_delivery_reaches_the_target_once_even_when_the_handler_fails_twice(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync();

        var plain = await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-1"));
        var flaky = await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-2", "fail:2"));
        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, flaky.StatusCode);

        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).Count == 2, TimeSpan.FromSeconds(30), "both deliveries at the target");
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a duplicate to show up, if there were one
        Assert.Equal(new Dictionary<string, int> { ["defect:D-1"] = 1, ["defect:D-2"] = 1 }, Recorded.DeliveriesByKey(sink));

        var records = (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).ToDictionary(r => r.DefectId);
        Assert.Equal(1, records["D-1"].Attempt);
        Assert.Equal(3, records["D-2"].Attempt); // failed twice, retried immediately, succeeded on the third try
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_handler_failing_past_its_immediate_retries_is_redelivered_later_and_then_succeeds(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync();

        // 2 immediate retries per delivery: failing 4 attempts needs one delayed redelivery (1 s, via the scheduler).
        await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-3", "fail:4"));
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-3"), TimeSpan.FromSeconds(30), "the redelivered message handled");
        var record = (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).Single(r => r.DefectId == "D-3");
        Assert.Equal(5, record.Attempt);
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-3"]);
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Deliveries_wait_out_a_target_that_is_down_and_arrive_once_it_is_back(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Outbox:MaxAttempts"] = "1000" });

        sink.Down = true;
        for (var i = 0; i < 5; i++)
        {
            await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect($"D-down-{i}"));
        }

        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).Count == 5, TimeSpan.FromSeconds(30), "all five handled");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(sink.Requests); // the target answered 503 to every attempt so far
        sink.Down = false;
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).Count == 5, TimeSpan.FromSeconds(30), "all five delivered after the target came back");
        Assert.All(Recorded.DeliveriesByKey(sink).Values, count => Assert.Equal(1, count));
    }

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_delivery_that_runs_out_of_attempts_is_kept_in_the_error_store_and_replay_delivers_it(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Outbox:MaxAttempts"] = "3" });

        sink.Down = true;
        await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-gone"));
        var error = await ApiErrors.WaitForAsync(hub, e => e.GetProperty("kind").GetString() == "delivery", TimeSpan.FromSeconds(30), "the exhausted delivery in the error store");
        Assert.Equal("webhook", error.GetProperty("endpoint").GetString());
        Assert.Equal(3, error.GetProperty("attempts").GetInt32());
        Assert.Contains("503", error.GetProperty("reason").GetString());

        sink.Down = false;
        var replay = await hub.Client.PostAsync($"/api/errors/{error.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-gone"), TimeSpan.FromSeconds(20), "the replayed delivery at the target");
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-gone"]);
    }
}
