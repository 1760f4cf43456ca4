using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using MassTransit;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 2: a malformed message lands in the error store (and error queue) with its reason and is handled after replay.</summary>
public sealed class MalformedMessageTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_malformed_message_is_kept_with_its_reason_and_handled_after_a_corrected_replay(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();

        // Tried: a source system publishes straight onto the bus (bypassing the API's validation) without a defect id.
        var malformed = PluginFailureTests.Defect("D-1") with { DefectId = null! };
        await hub.Get<IPublishEndpoint>().Publish(malformed);

        var error = await ApiErrors.WaitForAsync(
            hub, e => e.GetProperty("endpoint").GetString() == "plugin.recorder", TimeSpan.FromSeconds(20), "the malformed message in the error store");
        Assert.Equal("power.equipment-defect-reported", error.GetProperty("messageType").GetString());
        Assert.Contains("defectId: is required", error.GetProperty("reason").GetString());
        Assert.Equal(1, error.GetProperty("attempts").GetInt32()); // malformed: not retried, it cannot get better

        // Replaying it unchanged is refused with the same reason; with the missing field supplied it is handled.
        var id = error.GetProperty("id").GetString();
        var unchanged = await hub.Client.PostAsync($"/api/errors/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        var corrected = error.GetProperty("message").Deserialize<JsonObject>()!;
        corrected["defectId"] = "D-1";
        var replayed = await hub.Client.PostAsJsonAsync($"/api/errors/{id}/replay", corrected);
        Assert.True(replayed.StatusCode == HttpStatusCode.Accepted, await replayed.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () => (await hub.Client.GetAsync("/api/recorder/defects/D-1")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "the replayed message handled");

        var remaining = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
        Assert.DoesNotContain(remaining.EnumerateArray(), e => e.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task The_api_answers_bad_events_with_field_errors_and_never_publishes_them()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await using var hub = await environment.StartHubAsync();

        var missing = await hub.Client.PostAsync("/api/events/power.equipment-defect-reported", Json("""{"equipmentId":"T1"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("defectId", out _));

        var wrongType = await hub.Client.PostAsync("/api/events/power.equipment-defect-reported", Json("""{"defectId":"D","reportedAt":"yesterday"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var notJson = await hub.Client.PostAsync("/api/events/power.equipment-defect-reported", Json("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var unknown = await hub.Client.PostAsync("/api/events/no.such-event", Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
