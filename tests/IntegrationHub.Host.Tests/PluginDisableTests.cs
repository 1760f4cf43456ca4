using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Cli.Commands;
using IntegrationHub.Cli.Failures;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 16: a plugin's schedules with their next fire time; disabling one (API and CLI, <c>plugins:reload</c> only)
/// pauses its schedules, unloads it and is remembered across a restart; enabling loads it again.
/// </summary>
public sealed class PluginDisableTests
{
    private const string ViewerKey = "viewer-key-d1";
    private static readonly Dictionary<string, string?> NightlyJob = new() { ["Plugins:Recorder:CronJob"] = "0 0 3 * * ?" };

    [Fact]
    public async Task A_disabled_plugin_stays_disabled_across_a_restart_with_its_schedules_paused_until_enabled()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        environment.AddRecorder();
        environment.AddPrincipal("viewer", ViewerKey, ["viewer"]);

        await using (var hub = await environment.StartHubAsync(NightlyJob))
        {
            var schedules = await SchedulesAsync(hub);
            Assert.False(schedules.GetProperty("paused").GetBoolean());
            var job = Assert.Single(schedules.GetProperty("items").EnumerateArray());
            Assert.Equal("declared:heartbeat", job.GetProperty("key").GetString());
            var next = job.GetProperty("nextFireTime").GetDateTimeOffset();
            Assert.Equal(3, next.ToLocalTime().Hour); // Quartz reads a cron expression in the local time zone
            Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));

            var viewer = hub.ClientFor(ViewerKey);
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/plugins/Recorder/schedules")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/plugins/Recorder/disable", null)).StatusCode);
            Assert.Equal("Running", await StateAsync(hub));

            Assert.Equal(ExitCodes.Success, await CliAsync("plugins", "disable", "Recorder", "--url", hub.Address.ToString(), "--api-key", HubEnvironment.ApiKey));
            Assert.Equal("Disabled", await StateAsync(hub));
            Assert.True((await SchedulesAsync(hub)).GetProperty("paused").GetBoolean());
            var reload = await hub.Client.PostAsync("/api/plugins/Recorder/reload", null);
            Assert.Equal(HttpStatusCode.Conflict, reload.StatusCode);
            Assert.Contains("disabled", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var hub = await environment.StartHubAsync(NightlyJob))
        {
            Assert.Equal("Disabled", await StateAsync(hub));
            Assert.True((await SchedulesAsync(hub)).GetProperty("paused").GetBoolean(), "Quartz kept the group paused");
            Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.PostAsync("/api/plugins/NoSuchPlugin/enable", null)).StatusCode);

            var enabled = await hub.Client.PostAsync("/api/plugins/Recorder/enable", null);
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
            Assert.Equal("Running", (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
            var schedules = await SchedulesAsync(hub);
            Assert.False(schedules.GetProperty("paused").GetBoolean());
            Assert.Equal(JsonValueKind.String, Assert.Single(schedules.GetProperty("items").EnumerateArray()).GetProperty("nextFireTime").ValueKind);
        }

        await using (var hub = await environment.StartHubAsync(NightlyJob))
        {
            Assert.Equal("Running", await StateAsync(hub));
        }
    }

    private static async Task<JsonElement> SchedulesAsync(TestHub hub) =>
        await hub.Client.GetFromJsonAsync<JsonElement>("/api/plugins/Recorder/schedules");

    private static async Task<string?> StateAsync(TestHub hub) =>
        (await hub.Client.GetFromJsonAsync<JsonElement>("/api/plugins")).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Recorder").GetProperty("state").GetString();

    private static Task<int> CliAsync(params string[] args) => CliInvocation.RunAsync(new RootCommand("hub") { PluginsCommand.Create() }, args);
}
