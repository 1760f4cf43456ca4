using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace IntegrationHub.Testing;

/// <summary>
/// The built <c>hub</c> command as its own process (<c>dotnet hub.dll ARGS</c>: a hub, a worker, a CLI command),
/// configured only through the environment variables given (<c>Hub:Bus:Transport</c> becomes <c>Hub__Bus__Transport</c>);
/// its output is kept for assertions and error messages (the last <see cref="KeptOutputChars"/> of it), its peak
/// working set is sampled on request, and it is killed with its tree when disposed. Given a log file, it also writes
/// every line of its output there, whole, so a failed test can show where it is kept and what it said last (<see cref="Tail"/>).
/// </summary>
public sealed class HubCliProcess : IDisposable
{
    public const int KeptOutputChars = 200_000;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private StreamWriter? _log;
    private int _disposed;

    private HubCliProcess(string name, Process process, string? logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            _log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        }
    }

    /// <summary>
    /// Logging settings for a hub process whose log is read after a failure: one line per entry with a UTC timestamp,
    /// the hub's own categories at Information and everything else (HTTP clients, MassTransit, Quartz) at Warning.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> LogSettings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:IntegrationHub"] = "Information",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
    };

    /// <summary>Where the whole output is written (null when it is only kept in memory).</summary>
    public string? LogFile { get; }

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

    /// <summary>A log file for a process of the test run, under the test's output folder (<c>hub-logs/NAME-TIME.log</c>).</summary>
    public static string LogFileFor(string name) =>
        Path.Combine(AppContext.BaseDirectory, "hub-logs", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");

    /// <summary>The last <paramref name="lines"/> lines of the output kept in memory, each cut to <paramref name="width"/> characters (a stack trace is one long line).</summary>
    public string Tail(int lines, int width = 400)
    {
        var all = Output.TrimEnd().Split('\n');
        return string.Join('\n', all[Math.Max(0, all.Length - lines)..].Select(l => l.Length > width ? l[..width] + " …" : l.TrimEnd()));
    }

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

    /// <summary>
    /// Starts <c>dotnet <paramref name="hubDll"/> ARGS</c> with <paramref name="settings"/> as Hub__… environment variables;
    /// its output also goes to <paramref name="logFile"/> when given (see <see cref="LogFileFor"/> and <see cref="LogSettings"/>).
    /// </summary>
    public static HubCliProcess Start(string hubDll, IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> settings, string name = "hub", string? logFile = null)
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
        var hub = new HubCliProcess(name, process, logFile);
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
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _log?.WriteLine(line);
                _output.AppendLine(line);
                if (_output.Length > KeptOutputChars * 2)
                {
                    _output.Remove(0, _output.Length - KeptOutputChars);
                }
            }
        }
    }
}
