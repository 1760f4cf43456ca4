using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 14: the hub contacts nothing the operator did not configure. MassTransit's usage report is the one outbound
/// call a default hub would make; these tests watch every HTTP request the process starts (HttpClient's diagnostic
/// source) while a hub starts, serves and stops with the report forced due at once and on shutdown.
/// </summary>
public sealed class OutboundCallsTests
{
    [Fact]
    public async Task A_default_hub_has_usage_telemetry_off_and_makes_no_request_to_an_unconfigured_host()
    {
        using var watch = OutboundRequests.Watch();
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await using (var hub = await environment.StartHubAsync(services: ReportAtOnce))
        {
            Assert.False(hub.Get<IOptions<UsageTelemetryOptions>>().Value.Enabled);
            Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("/api/plugins")).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(watch.External);
    }

    [Fact]
    public async Task With_usage_telemetry_switched_on_the_watch_sees_the_report_leave()
    {
        using var watch = OutboundRequests.Watch();
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await using (var hub = await environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Bus:UsageTelemetry"] = "true" }, services: ReportAtOnce))
        {
            Assert.True(hub.Get<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        }

        await Eventually.TrueAsync(() => !watch.External.IsEmpty, TimeSpan.FromSeconds(15), "MassTransit's usage report to its vendor");
        Assert.Contains(watch.External, uri => uri.Host.EndsWith("masstransit.io", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_environment_variable_is_read_as_MassTransit_reads_it(string? value, bool enables) =>
        Assert.Equal(enables, UsageTelemetryPolicy.VariableEnables(value));

    /// <summary>Makes the report due straight after start and on shutdown, so a test need not wait MassTransit's 5 minutes.</summary>
    private static void ReportAtOnce(IServiceCollection services) =>
        services.Configure<UsageTelemetryOptions>(o =>
        {
            o.ReportDelay = TimeSpan.FromMilliseconds(100);
            o.ReportOnShutdown = true;
        });

    /// <summary>Every HTTP request any HttpClient in this process starts to a host other than loopback.</summary>
    private sealed class OutboundRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public ConcurrentBag<Uri> External { get; } = [];

        public static OutboundRequests Watch()
        {
            var watch = new OutboundRequests();
            watch._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(watch));
            return watch;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "HttpHandlerDiagnosticListener")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } uri } && !IsLoopback(uri))
            {
                External.Add(uri);
            }
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
