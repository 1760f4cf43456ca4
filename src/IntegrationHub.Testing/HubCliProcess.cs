using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace IntegrationHub.Testing;

/// <summary>
/// The built <c>hub</c> command as its own process (<c>dotnet hub.dll ARGS</c>: a hub, a worker, a CLI command),
/// configured only through the environment variables given (<c>Hub:Bus:Transport</c> becomes <c>Hub__Bus__Transport</c>);
/// its output is kept for assertions and error messages (the last <see cref="KeptOutputChars"/> of it), its peak
/// working set is sampled on request, and it is killed with its tree when disposed.
/// </summary>
public sealed class HubCliProcess : IDisposable
{
    public const int KeptOutputChars = 200_000;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private HubCliProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the process is for (a role such as <c>hub</c> or <c>perception-1</c>), in messages.</summary>
    public string Name { get; }

    public long PeakWorkingSetBytes { get; private set; }

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

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Waits until <paramref name="ready"/> holds (an unreachable port counts as not yet); fails at once if the process
    /// exits, and on a timeout kills it and fails with its output.
    /// </summary>
    public async Task WaitUntilReadyAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"the process exited while waiting for {what}:\n{Output}");
                }

                try
                {
                    return await ready();
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, timeout, what);
        }
        catch (TimeoutException e)
        {
            var output = Output;
            Dispose();
            throw new TimeoutException($"{e.Message}; its output:\n{output}", e);
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="hubDll"/> ARGS</c> with <paramref name="settings"/> as Hub__… environment variables.</summary>
    public static HubCliProcess Start(string hubDll, IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> settings, string name = "hub")
    {
        var start = new ProcessStartInfo("dotnet", [hubDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var hub = new HubCliProcess(name, process);
        process.OutputDataReceived += (_, e) => hub.Append(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return hub;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
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
}
