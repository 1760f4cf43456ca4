using System.Diagnostics;
using System.Text;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>
/// One role of the hub as its own process (<c>dotnet hub.dll run|worker NAME</c>), configured only by Hub__…
/// environment variables; its output is kept for the error message when it fails, its peak working set is sampled,
/// and it is killed with its tree when disposed.
/// </summary>
public sealed class BenchProcess : IDisposable
{
    private const int KeptOutputChars = 20_000;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BenchProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public long PeakWorkingSetBytes { get; private set; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static BenchProcess Start(string name, string hubDll, IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var start = new ProcessStartInfo("dotnet", [hubDll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new BenchProcess(name, Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Reads the current working set and keeps the highest seen.</summary>
    public void SampleMemory()
    {
        try
        {
            _process.Refresh();
            PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, _process.WorkingSet64);
        }
        catch (InvalidOperationException)
        {
            // exited; its last sample stands
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > KeptOutputChars * 2)
            {
                _output.Remove(0, _output.Length - KeptOutputChars);
            }
        }
    }
}
