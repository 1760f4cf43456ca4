using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Host.Telemetry;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 2, tracing: a trace the caller starts continues through the API, every bus hop and the plugin's handler.</summary>
public sealed class TracingTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task The_callers_trace_continues_through_the_api_the_bus_and_the_plugin_handler(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();

        // Listens to every source; other tests run beside this one, so spans are picked by this trace's id.
        using var caller = new ActivitySource("IntegrationHub.Host.Tests.Caller");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var root = caller.StartActivity("caller posts an event")!;
        var traceId = root.TraceId;
        IEnumerable<Activity> Trace() => spans.Where(s => s.TraceId == traceId);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/power.equipment-defect-reported")
        {
            Content = JsonContent.Create(PluginFailureTests.Defect("D-TRACE")),
        };
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.SendAsync(request)).StatusCode);

        // The handler's parent chain reaches back through the consume and send spans and the outbox's publish
        // to the API request (the caller's own root span is still open, so it is not among the stopped ones). The
        // outbox publishes after the API answered, so its span may stop just after the handler's: wait for the chain.
        List<string> Chain()
        {
            var byId = Trace().GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var sources = new List<string>();
            for (var span = Trace().FirstOrDefault(s => s.Source.Name == HubMetrics.ActivitySourceName); span is not null; span = byId.GetValueOrDefault(span.ParentSpanId))
            {
                sources.Add(span.Source.Name);
            }

            return sources;
        }

        try
        {
            await Eventually.TrueAsync(
                () => Trace().Any(s => s.Source.Name == HubMetrics.ActivitySourceName) && Chain().Contains("Microsoft.AspNetCore"),
                TimeSpan.FromSeconds(30), "the plugin handler's span in the caller's trace, its chain back to the API request");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; spans in the trace: {string.Join(", ", Trace().Select(s => $"{s.Source.Name}/{s.OperationName}"))}; chain: {string.Join(" < ", Chain())}", e);
        }
        var handler = Trace().First(s => s.Source.Name == HubMetrics.ActivitySourceName);
        Assert.Equal("Recorder", handler.GetTagItem("hub.plugin"));
        Assert.Equal("power.equipment-defect-reported", handler.GetTagItem("hub.contract"));

        var chain = Chain();
        // The in-memory bus's plugin endpoints are MassTransit's; on RabbitMQ the hub consumes plugin queues itself.
        Assert.Contains(backend == Backend.RabbitMqPostgres ? HubMetrics.ConsumerActivitySourceName : "MassTransit", chain);
        Assert.Contains(HubMetrics.OutboxActivitySourceName, chain);
        Assert.Contains("Microsoft.AspNetCore", chain);
    }
}
