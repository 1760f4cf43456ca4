using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// The age a handler reports (<c>hub.messages.age</c>, end-to-end latency) for a message the outbox published: on the
/// wire a message's sent time is read from its id, so the outbox's ids must carry the time they were stored. Tried:
/// an ingested event on both buses. Before the fix its id was random, no sent time could be read from it, and no age
/// was recorded (this test timed out).
/// </summary>
public sealed class MessageAgeTests
{
    private const string Contract = "power.equipment-defect-reported";

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
