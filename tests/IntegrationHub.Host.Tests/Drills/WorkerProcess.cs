using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests.Drills;

/// <summary>A shared worker as its own process (<c>hub worker NAME</c>) on the environment's broker, ready when its <c>/health/ready</c> answers 200.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly HubCliProcess _process;
    private readonly HttpClient _health;

    private WorkerProcess(HubCliProcess process, Uri address)
    {
        _process = process;
        _health = new HttpClient { BaseAddress = address };
    }

    public string Output => _process.Output;

    public static async Task<WorkerProcess> StartAsync(HubEnvironment environment, string name)
    {
        var port = HubCliProcess.FreePort();
        var settings = environment.Configuration().Where(s => s.Key.StartsWith("Hub:Bus:", StringComparison.Ordinal));
        var worker = new WorkerProcess(HubCliProcess.Start(["worker", name, $"--urls=http://127.0.0.1:{port}"], settings), new Uri($"http://127.0.0.1:{port}"));
        await worker._process.WaitUntilReadyAsync(
            async () => (await worker._health.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(120), $"the {name} worker process ready");
        return worker;
    }

    /// <summary>Kills the process outright (SIGKILL): no graceful shutdown, its unacknowledged messages go back to the queue.</summary>
    public void Dispose()
    {
        _health.Dispose();
        _process.Dispose();
    }
}
