using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 3: a plugin that throws on load or on start is reported failed; the others keep working.</summary>
public sealed class PluginFailureTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Plugins_that_throw_on_load_or_start_are_failed_with_the_reason_and_the_rest_keep_working(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        environment.Plugins.Add("IntegrationHub.TestPlugins.Faulty", id: "FaultyLoad");
        environment.Plugins.Add("IntegrationHub.TestPlugins.Faulty", id: "FaultyStart");
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?>
        {
            ["Plugins:FaultyLoad:FailAt"] = "load",
            ["Plugins:FaultyStart:FailAt"] = "start",
        });

        var plugins = await hub.Client.GetFromJsonAsync<JsonElement>("/api/plugins");
        var byName = plugins.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("Running", byName["Recorder"].GetProperty("state").GetString());
        Assert.Equal("Failed", byName["FaultyLoad"].GetProperty("state").GetString());
        Assert.Contains("refuses to load", byName["FaultyLoad"].GetProperty("failures")[0].GetProperty("reason").GetString());
        Assert.Equal("Failed", byName["FaultyStart"].GetProperty("state").GetString());
        Assert.Contains("refuses to start", byName["FaultyStart"].GetProperty("failures")[0].GetProperty("reason").GetString());

        var health = await hub.Anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Degraded", health.GetProperty("status").GetString());

        // The healthy plugin still handles events…
        var accepted = await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", Defect("D-ok"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.TrueAsync(async () => (await hub.Client.GetAsync("/api/recorder/defects/D-ok")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "Recorder handled D-ok");

        // …while the one that failed to start gets the same event, finds its handler failed, and it ends in the error store.
        await ApiErrors.WaitForAsync(
            hub,
            e => e.GetProperty("endpoint").GetString() == "plugin.faultystart" && e.GetProperty("reason").GetString()!.Contains("refuses to start"),
            TimeSpan.FromSeconds(30),
            "FaultyStart's message in the error store with the reason");
    }

    internal static EquipmentDefectReported Defect(string id, string description = "oil leak") =>
        new(id, "T-110-01", "oil-leak", "major", description, "scada-alarm", DateTimeOffset.UtcNow, "1# main transformer", "Xiaoshan 110 kV");
}
