using System.Diagnostics;

namespace IntegrationHub.Benchmarks;

/// <summary>CPU this process spent since <see cref="Start"/>: says whether a run is bound by the process or waits on the broker.</summary>
internal sealed class ProcessCpu
{
    private readonly TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

    public static ProcessCpu Start() => new();

    private TimeSpan Used => Process.GetCurrentProcess().TotalProcessorTime - _start;

    public double MicrosecondsPer(int messages) => Used.TotalMicroseconds / messages;

    public double CoresBusy(TimeSpan elapsed) => Used / elapsed;
}
