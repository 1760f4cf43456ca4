using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Benchmarks.EndToEnd;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// The probe path <c>hub bench e2e</c> measures, in one hub with its workers in process: the Diagnostics plugin has the
/// reasoning worker classify the probe's text and a perception worker embed its image (the shipped
/// <c>resnet18-features</c>), and delivers both answers; an image the worker cannot read is delivered with the reason,
/// not lost and not left to fail in the error store.
/// </summary>
public sealed class ProbePerceptionTests
{
    [Fact]
    public async Task A_probe_is_delivered_with_the_embedding_of_its_image_and_a_corrupt_image_is_delivered_with_the_reason()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        var sink = await environment.StartSinkAsync();
        environment.Plugins.Add("IntegrationHub.Plugins.Diagnostics");
        await using var hub = await environment.StartHubAsync(
            new Dictionary<string, string?>
            {
                ["Connectors:probe:Kind"] = "rest",
                ["Connectors:probe:BaseUrl"] = sink.Url + "/",
                ["Connectors:probe:Operations:probe.deliver:Path"] = "probe",
                // Loaded while the hub starts: on a busy machine a first request waiting for the load outlived the worker timeout.
                ["Perception:Preload:0"] = "resnet18-features",
            },
            [new PerceptionModule(), new ReasoningModule()]);

        var image = ProbeImages.Render(1)[0];
        var probes = new Dictionary<string, byte[]?> { ["with-image"] = image, ["corrupt-image"] = image[..48], ["no-image"] = null };
        foreach (var (id, bytes) in probes)
        {
            var answer = await hub.Client.PostAsJsonAsync("/api/events/hub.probe", new { id, sentAt = DateTimeOffset.UtcNow, image = bytes });
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        var delivered = new Dictionary<string, JsonNode>();
        foreach (var id in probes.Keys)
        {
            var delivery = await sink.WaitForAsync(r => r.Header("Idempotency-Key") == $"probe:{id}", TimeSpan.FromSeconds(60), $"the delivery of probe {id}");
            delivered[id] = delivery.Body!;
            Assert.False(string.IsNullOrEmpty(delivery.Body!["intent"]?.GetValue<string>()), $"probe {id}: no intent in {delivery.RawBody}");
        }

        var embedding = delivered["with-image"]["perception"]!;
        Assert.Equal("resnet18-features", embedding["model"]!.GetValue<string>());
        Assert.Equal(512, embedding["dimension"]!.GetValue<int>());
        Assert.InRange(embedding["norm"]!.GetValue<double>(), 0.999, 1.001);

        var refused = delivered["corrupt-image"]["perception"]!;
        Assert.StartsWith("image.", refused["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(refused["message"]!.GetValue<string>()));
        Assert.Null(refused["dimension"]);

        Assert.Null(delivered["no-image"]["perception"]);
        var errors = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
        Assert.Equal(0, errors.GetArrayLength());
    }
}
