using System.Net.Http.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>The hub as its own process (<c>hub run</c>), configured through Hub__… environment variables.</summary>
internal sealed class HubProcess : IDisposable
{
    private readonly HubCliProcess _process;

    private HubProcess(HubCliProcess process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", HubEnvironment.ApiKey } } };
    }

    public HttpClient Client { get; }

    public string Output => _process.Output;

    /// <summary>The file the whole log is kept in (null unless started with a log name).</summary>
    public string? LogFile => _process.LogFile;

    /// <summary>The last <paramref name="lines"/> lines of its log, each cut short.</summary>
    public string Tail(int lines) => _process.Tail(lines);

    /// <summary>
    /// Starts <c>hub run</c> on the environment; with <paramref name="logName"/> its log (one line per entry, the hub's
    /// own categories at Information) is also kept whole in a file under the test's output folder (<see cref="LogFile"/>).
    /// </summary>
    public static async Task<HubProcess> StartAsync(HubEnvironment environment, IDictionary<string, string?>? extra = null, string? logName = null)
    {
        var port = HubCliProcess.FreePort();
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        if (logName is not null)
        {
            foreach (var (key, value) in HubCliProcess.LogSettings)
            {
                settings.TryAdd(key, value);
            }
        }

        var process = HubCliProcess.Start(["run", $"--urls=http://127.0.0.1:{port}"], environment.Configuration(settings), logName is null ? null : HubCliProcess.LogFileFor(logName));
        var hub = new HubProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await hub._process.WaitUntilReadyAsync(async () =>
        {
            var plugins = await hub.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/plugins");
            return plugins.EnumerateArray().Any(p => p.GetProperty("state").GetString() == "Running");
        }, TimeSpan.FromSeconds(150), "the hub process serving with its plugin running");
        return hub;
    }

    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }
}
