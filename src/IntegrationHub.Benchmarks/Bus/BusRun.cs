using System.Diagnostics;

namespace IntegrationHub.Benchmarks;

/// <summary>One measured run of either side: its rate, its latencies and what it cost this process.</summary>
internal sealed record BusRun(double Rate, LatencyRecorder Latency, double CpuMicrosecondsPerMessage, double CoresBusy)
{
    /// <summary>Publishes <paramref name="count"/> messages, <paramref name="inFlight"/> awaiting their confirm at once, then waits for <paramref name="handled"/>.</summary>
    public static async Task<BusRun> MeasureAsync(int count, int inFlight, Func<int, Task> publish, Task handled, LatencyRecorder latency, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = ProcessCpu.Start();
        using (var gate = new SemaphoreSlim(inFlight))
        {
            var pending = new List<Task>(count);
            for (var i = 0; i < count; i++)
            {
                await gate.WaitAsync(cancellationToken);
                var index = i;
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        await publish(index);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            await Task.WhenAll(pending);
        }

        await handled.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new BusRun(count / elapsed.TotalSeconds, latency, cpu.MicrosecondsPer(count), cpu.CoresBusy(elapsed));
    }

    public override string ToString() =>
        $"{Rate:0} msg/s, p50 {Latency.Percentile(50):0.0} ms, p99 {Latency.Percentile(99):0.0} ms; this process {CpuMicrosecondsPerMessage:0} µs CPU per message ({CoresBusy:0.00} cores busy)";
}
