using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using MassTransit;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, test 4: reloading a plugin while 1,000 messages flow loses none and handles none twice.</summary>
public sealed class ReloadTests
{
    private const int Messages = 1000;

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task Reloading_a_plugin_mid_stream_loses_no_message_handles_none_twice_and_frees_the_old_context(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        var folder = environment.AddRecorder();
        var sink = await environment.StartRecorderTargetAsync();
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();

        // Messages 0-299 go before the reload, 300-699 while it runs, 700-999 after it: each version handles some
        // whatever the machine's speed, and the middle third races the drain and the swap.
        var bus = hub.Get<IPublishEndpoint>();
        var reloaded = new TaskCompletionSource();
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                if (i == Messages * 7 / 10)
                {
                    await reloaded.Task;
                }

                await bus.Publish(PluginFailureTests.Defect($"R-{i:0000}"));
            }
        });

        // A new version of the plugin lands in its folder while messages are flowing; reload it mid-stream.
        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(database)).Count >= 100, TimeSpan.FromSeconds(60), "the first hundred handled");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "plugin.json")))!.AsObject();
        manifest["version"] = "1.1.0";
        await File.WriteAllTextAsync(Path.Combine(folder, "plugin.json"), manifest.ToJsonString());
        var reload = await hub.Client.PostAsync("/api/plugins/Recorder/reload", null);
        reloaded.SetResult();
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        var status = await reload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Running", "1.1.0", 2), (status.GetProperty("state").GetString(), status.GetProperty("version").GetString(), status.GetProperty("generation").GetInt32()));

        await publishing;
        await Eventually.TrueAsync(async () => (await Recorded.DefectsAsync(database)).Count == Messages, TimeSpan.FromSeconds(120), "all messages handled");
        await Eventually.TrueAsync(() => sink.Requests.Count >= Messages, TimeSpan.FromSeconds(120), "all deliveries at the target");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var records = await Recorded.DefectsAsync(database);
        Assert.Equal(Messages, records.Select(r => r.DefectId).Distinct().Count());
        Assert.Contains(records, r => r.HandledBy == "1.0.0");
        Assert.Contains(records, r => r.HandledBy == "1.1.0");
        var deliveries = Recorded.DeliveriesByKey(sink);
        Assert.Equal(Messages, deliveries.Count);
        Assert.All(deliveries.Values, count => Assert.Equal(1, count));
        var errors = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
        Assert.Equal(0, errors.GetArrayLength());

        // The old version's load context is gone once nothing references it.
        var unloaded = hub.Get<PluginManager>().LastUnloaded!;
        for (var i = 0; i < 20 && unloaded.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }

        Assert.False(unloaded.IsAlive, "the unloaded plugin's AssemblyLoadContext was not collected");
    }
}
