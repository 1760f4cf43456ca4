using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 16: a <c>hub worker reasoning</c> process on RabbitMQ is a connected worker of the hub (its heartbeat), and
/// <c>GET /api/overview</c> shows the hub's queues with the broker's depth and consumers.
/// </summary>
public sealed class WorkerHeartbeatTests
{
    [SkippableFact]
    public async Task A_worker_process_shows_on_the_overview_with_its_queue_and_the_broker_figures()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        var fast = new Dictionary<string, string?>
        {
            ["Hub:InProcessWorkers"] = "false",
            ["Hub:Monitoring:HeartbeatInterval"] = "00:00:00.500",
        };
        await using var hub = await environment.StartHubAsync(fast);
        using var worker = HubCliProcess.Start(["worker", "reasoning", $"--urls=http://127.0.0.1:{HubCliProcess.FreePort()}"], environment.Configuration(fast));

        JsonElement overview = default;
        await Eventually.TrueAsync(async () =>
        {
            overview = await hub.Client.GetFromJsonAsync<JsonElement>("/api/overview");
            return overview.GetProperty("workers").EnumerateArray().Any(w => w.GetProperty("role").GetString() == "reasoning")
                && Queue(overview, "reasoning") is { } q && q.GetProperty("consumers").ValueKind == JsonValueKind.Number && q.GetProperty("consumers").GetInt32() >= 1;
        }, TimeSpan.FromSeconds(90), "the reasoning worker process on the overview with its queue consumed");

        var connected = Assert.Single(overview.GetProperty("workers").EnumerateArray());
        Assert.Equal(Environment.MachineName, connected.GetProperty("machine").GetString());
        Assert.NotEqual(Environment.ProcessId, connected.GetProperty("processId").GetInt32());
        Assert.Contains("reasoning", connected.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var recorder = Queue(overview, "plugin.recorder") ?? throw new InvalidOperationException("no plugin.recorder queue on the overview");
        Assert.Equal(0, recorder.GetProperty("depth").GetInt64());
        Assert.Equal(1, recorder.GetProperty("consumers").GetInt32());
        Assert.Equal("RabbitMq", overview.GetProperty("transport").GetString());

        // The heartbeat is the hub's own message: no business system can post one.
        var forged = await hub.Client.PostAsJsonAsync("/api/events/hub.worker-heartbeat", new { instanceId = Guid.NewGuid() });
        Assert.NotEqual(HttpStatusCode.Accepted, forged.StatusCode);
    }

    private static JsonElement? Queue(JsonElement overview, string name) =>
        overview.GetProperty("queues").EnumerateArray().Where(q => q.GetProperty("name").GetString() == name).Select(q => (JsonElement?)q).FirstOrDefault();
}
