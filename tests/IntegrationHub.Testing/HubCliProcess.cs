using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace IntegrationHub.Testing;

/// <summary>
/// The built <c>hub</c> command as its own process (<c>dotnet hub.dll ARGS</c>), configured only through the
/// environment variables given (<c>Hub:Bus:Transport</c> becomes <c>Hub__Bus__Transport</c>); its output is kept
/// for assertions, and it is killed when disposed.
/// </summary>
public sealed class HubCliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private HubCliProcess(Process process) => _process = process;

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

    public static HubCliProcess Start(IEnumerable<string> args, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var cli = Path.Combine(PluginFolders.RepositoryRoot(), "src", "IntegrationHub.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "hub.dll");
        var start = new ProcessStartInfo("dotnet", [cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(start)!;
        var hub = new HubCliProcess(process);
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
            }
        }
    }
}
