using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// What a message the hub publishes (through its contract publisher: the outbox's publish port) carries to the handler,
/// on both buses: who published it, and a sent time.
/// </summary>
public sealed class ContractPublishingTests
{
    private const string Contract = "power.equipment-defect-reported";

    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task An_event_and_what_its_handler_publishes_arrive_with_their_source(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();
        var database = hub.Get<HubDatabase>();

        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PostAsJsonAsync($"/api/events/{Contract}", PluginFailureTests.Defect("D-SRC", "publish"))).StatusCode);
        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(database)).Any(d => d.DefectId == "echo-D-SRC"),
            TimeSpan.FromSeconds(30), "the event and the echo its handler published, both handled");

        var records = (await Recorded.DefectsAsync(database)).ToDictionary(d => d.DefectId);
        Assert.Equal("api", records["D-SRC"].Source);
        Assert.Equal("Recorder", records["echo-D-SRC"].Source);
    }

    /// <summary>
    /// The age a handler reports (<c>hub.messages.age</c>, end-to-end latency): on the wire a message's sent time is
    /// read from its id, so the outbox's ids must carry the time they were stored. Before the fix they were random, no
    /// sent time could be read, and no age was recorded for any message the outbox published (this test timed out).
    /// </summary>
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task An_ingested_event_reaches_its_handler_with_the_age_it_really_has(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();

        // Other tests' hubs run in this process too: every age recorded for this contract must be sane, not only ours.
        var ages = new ConcurrentQueue<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.AgeInstrument)
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, age, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "message_type", Value: Contract })
                {
                    ages.Enqueue(age);
                }
            }
        });
        listener.Start();

        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PostAsJsonAsync($"/api/events/{Contract}", PluginFailureTests.Defect("D-AGE"))).StatusCode);
        await Eventually.TrueAsync(() => !ages.IsEmpty, TimeSpan.FromSeconds(30), "the handler's age measurement");

        // Minutes at most (a drill beside this one may hold messages through an outage); a random id reads as years.
        Assert.All(ages, age => Assert.InRange(age, -1_000, TimeSpan.FromMinutes(10).TotalMilliseconds));
    }
}
