using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using MassTransit;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests.Drills;

/// <summary>
/// Issue 12, drill 6: one poison message (a defect report without its id, published straight onto RabbitMQ past the
/// API's validation) in the middle of 10,000 good ones. It ends in the error store with its reason; every good one
/// is handled once and delivered to the outside system exactly once.
/// </summary>
public sealed class PoisonMessageDrill(ITestOutputHelper output)
{
    private static readonly int Good = int.TryParse(Environment.GetEnvironmentVariable("HUB_DRILL_MESSAGES"), out var n) ? n : 10_000;

    [SkippableFact]
    public async Task A_poison_message_among_ten_thousand_good_ones_ends_in_the_error_store_and_the_rest_succeed()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        var sink = await environment.AddRecorderWithTargetAsync();
        await using var hub = await environment.StartHubAsync();
        var publisher = hub.Get<IPublishEndpoint>();

        var clock = Stopwatch.StartNew();
        var good = Enumerable.Range(0, Good).Select(i => PluginFailureTests.Defect($"D-{i:D5}")).ToList();
        var poison = PluginFailureTests.Defect("poison") with { DefectId = null! };
        await publisher.PublishBatch(good.Take(Good / 2));
        await publisher.Publish(poison);
        await publisher.PublishBatch(good.Skip(Good / 2));

        try
        {
            await Eventually.TrueAsync(() => sink.Requests.Count >= Good, TimeSpan.FromMinutes(5), $"{Good} deliveries at the outside system");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; {sink.Requests.Count} arrived in {clock.Elapsed.TotalSeconds:F0} s", e);
        }

        var elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate delivery would arrive meanwhile

        var deliveries = Recorded.DeliveriesByKey(sink);
        var handled = await Recorded.DefectsAsync(new HubDatabase(StorageProvider.PostgreSql, environment.PostgresConnectionString!));
        var errors = await hub.Client.GetFromJsonAsync<JsonElement>("/api/errors");
        var kept = errors.EnumerateArray().Where(e => e.GetProperty("endpoint").GetString() == "plugin.recorder").ToList();
        output.WriteLine($"drill 6 (poison among {Good}): handled {handled.Count}, delivered {deliveries.Count} (duplicates {deliveries.Count(d => d.Value > 1)}), "
            + $"in the error store {kept.Count}, {Good / elapsed.TotalSeconds:F0} msg/s end to end");

        Assert.Equal(Good, handled.Count);
        Assert.Equal(Good, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d.Value));
        var error = Assert.Single(kept);
        Assert.Contains("defectId: is required", error.GetProperty("reason").GetString());
    }
}
