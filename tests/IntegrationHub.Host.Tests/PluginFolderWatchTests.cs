using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Cli.Commands;
using IntegrationHub.Cli.Failures;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 13, plugins without a restart: with <c>Hub:WatchPlugins</c> a folder dropped into the plugins folder is
/// loaded and a removed one unloaded; <c>hub plugins unload</c> takes one out by hand (and the watcher leaves it out).
/// </summary>
public sealed class PluginFolderWatchTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_dropped_folder_loads_a_removed_one_unloads_and_unload_by_hand_sticks()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await environment.StartRecorderTargetAsync();
        await using var hub = await environment.StartHubAsync(new Dictionary<string, string?>
        {
            ["Hub:WatchPlugins"] = "true",
            ["Hub:WatchPluginsInterval"] = "00:00:00.2",
        });
        Assert.Null(await StateAsync(hub, "Recorder"));

        // Dropped in while the hub runs: loaded, and handling events.
        var folder = environment.AddRecorder();
        await Eventually.TrueAsync(async () => await StateAsync(hub, "Recorder") == "Running", Soon, "the dropped-in plugin running");
        (await hub.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-WATCH"))).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).Any(d => d.DefectId == "D-WATCH"), Soon, "the event handled");

        // Unloaded by hand: it stays out although its folder is still there, until it is loaded again.
        Assert.Equal(ExitCodes.Success, await CliAsync("plugins", "unload", "Recorder", "--url", hub.Address.ToString(), "--api-key", HubEnvironment.ApiKey));
        Assert.Equal("Unloaded", await StateAsync(hub, "Recorder"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("Unloaded", await StateAsync(hub, "Recorder"));
        Assert.Equal(ExitCodes.NotFound, await CliAsync("plugins", "unload", "NoSuchPlugin", "--url", hub.Address.ToString(), "--api-key", HubEnvironment.ApiKey));
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsJsonAsync("/api/plugins/load", new { path = Path.GetFileName(folder) })).StatusCode);
        Assert.Equal("Running", await StateAsync(hub, "Recorder"));

        // Its folder removed: unloaded; put back: loaded again.
        var parked = Path.Combine(Path.GetDirectoryName(environment.Plugins.Root)!, $"parked-{Guid.NewGuid():N}");
        Directory.Move(folder, parked);
        await Eventually.TrueAsync(async () => await StateAsync(hub, "Recorder") == "Unloaded", Soon, "the removed plugin unloaded");
        Directory.Move(parked, folder);
        await Eventually.TrueAsync(async () => await StateAsync(hub, "Recorder") == "Running", Soon, "the restored plugin running again");
    }

    private static async Task<string?> StateAsync(TestHub hub, string name)
    {
        var plugins = await hub.Client.GetFromJsonAsync<JsonElement>("/api/plugins");
        return plugins.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => p.GetProperty("state").GetString()).FirstOrDefault();
    }

    private static Task<int> CliAsync(params string[] args) => CliInvocation.RunAsync(new RootCommand("hub") { PluginsCommand.Create() }, args);
}
