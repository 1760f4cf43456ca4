using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 2, test 1 (crash case): the hub process is killed after the handler committed but before the broker got
/// its ack. RabbitMQ redelivers the message to the restarted hub, the inbox recognises it, and the outbox entry
/// committed before the crash is delivered: the target sees the delivery once and the handler ran once.
/// </summary>
public sealed class CrashRecoveryTests
{
    [SkippableFact]
    public async Task A_hub_killed_between_commit_and_ack_neither_loses_nor_repeats_the_work()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        var sink = await environment.AddRecorderWithTargetAsync();

        using (var doomed = await HubProcess.StartAsync(environment, new Dictionary<string, string?> { ["Hub:FaultInjection:CrashAfterCommitOf"] = "power.equipment-defect-reported" }))
        {
            var accepted = await doomed.Client.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-crash"));
            accepted.EnsureSuccessStatusCode();
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the hub was to kill itself after the commit");
        }

        var database = new HubDatabase(StorageProvider.PostgreSql, environment.PostgresConnectionString!);
        var handled = Assert.Single(await Recorded.DefectsAsync(database));
        Assert.Equal(1, handled.Attempt);

        using var survivor = await HubProcess.StartAsync(environment);
        await Eventually.TrueAsync(() => Recorded.DeliveriesByKey(sink).ContainsKey("defect:D-crash"), TimeSpan.FromSeconds(30), "the delivery after the restart");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the redelivered message is handled (skipped) meanwhile
        Assert.Equal(1, Recorded.DeliveriesByKey(sink)["defect:D-crash"]);
        var after = Assert.Single(await Recorded.DefectsAsync(database));
        Assert.Equal(1, after.Attempt); // the inbox kept the redelivered copy from reaching the handler again
        Assert.Contains("already handled", survivor.Output);
    }

    /// <summary>The hub as its own process (<c>hub run</c>), configured through Hub__… environment variables.</summary>
    private sealed class HubProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private HubProcess(Process process, Uri address)
        {
            _process = process;
            Client = new HttpClient { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", HubEnvironment.ApiKey } } };
        }

        public HttpClient Client { get; }

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

        public static async Task<HubProcess> StartAsync(HubEnvironment environment, IDictionary<string, string?>? extra = null)
        {
            var port = FreePort();
            var cli = Path.Combine(PluginFolders.RepositoryRoot(), "src", "IntegrationHub.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "hub.dll");
            var start = new ProcessStartInfo("dotnet", [cli, "run", $"--urls=http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (key, value) in environment.Configuration(extra))
            {
                start.Environment[key.Replace(":", "__")] = value;
            }

            var process = Process.Start(start)!;
            var hub = new HubProcess(process, new Uri($"http://127.0.0.1:{port}"));
            process.OutputDataReceived += (_, e) => hub.Append(e.Data);
            process.ErrorDataReceived += (_, e) => hub.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    try
                    {
                        var plugins = await hub.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/plugins");
                        return plugins.EnumerateArray().Any(p => p.GetProperty("state").GetString() == "Running");
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(60), "the hub process serving with its plugin running");
            }
            catch (TimeoutException e)
            {
                var output = hub.Output;
                hub.Dispose();
                throw new TimeoutException($"{e.Message}; the hub process wrote:{Environment.NewLine}{output}", e);
            }

            return hub;
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
            Client.Dispose();
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

        private static int FreePort()
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
