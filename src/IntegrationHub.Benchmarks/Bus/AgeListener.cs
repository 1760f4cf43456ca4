using System.Diagnostics.Metrics;
using IntegrationHub.Host.Telemetry;

namespace IntegrationHub.Benchmarks;

/// <summary>Listens to the hub's own end-to-end latency instrument (<c>hub.messages.age</c>) until it has seen the expected count.</summary>
internal sealed class AgeListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _expected;

    public AgeListener(int expected)
    {
        _expected = expected;
        Latency = new LatencyRecorder(expected);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.AgeInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            Latency.Add(value);
            if (Latency.Count >= _expected)
            {
                Done.TrySetResult();
            }
        });
        _listener.Start();
    }

    public LatencyRecorder Latency { get; }

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _listener.Dispose();
}
