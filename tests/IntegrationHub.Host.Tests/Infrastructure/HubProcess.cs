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

    public static async Task<HubProcess> StartAsync(HubEnvironment environment, IDictionary<string, string?>? extra = null)
    {
        var port = HubCliProcess.FreePort();
        var hub = new HubProcess(HubCliProcess.Start(["run", $"--urls=http://127.0.0.1:{port}"], environment.Configuration(extra)), new Uri($"http://127.0.0.1:{port}"));
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
