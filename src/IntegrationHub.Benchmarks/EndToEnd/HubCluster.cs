using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Security;
using IntegrationHub.Testing;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>
/// 1 hub (<c>hub run</c>, workers out of process) + 2 perception workers + 1 reasoning worker, each its own process,
/// on a fresh RabbitMQ virtual host (deleted afterwards) and the given store; the hub's probe connector points at the
/// <see cref="WebhookSink"/>. Ready when the hub serves with the Diagnostics plugin running and each worker's
/// <c>/health/ready</c> answers 200.
/// </summary>
public sealed class HubCluster : IAsyncDisposable
{
    public const string ApiKey = "bench-e2e-key";
    private readonly List<HubCliProcess> _processes = [];
    private readonly Dictionary<string, Uri> _addresses = [];
    private readonly string _virtualHost;
    private readonly string? _dataDirectory;
    private readonly CancellationTokenSource _sampling = new();
    private Task _sampler = Task.CompletedTask;

    private HubCluster(string virtualHost, string? dataDirectory, Uri hub)
    {
        _virtualHost = virtualHost;
        _dataDirectory = dataDirectory;
        Hub = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = hub, DefaultRequestHeaders = { { "X-Api-Key", ApiKey } } };
    }

    public HttpClient Hub { get; }

    public IReadOnlyList<HubCliProcess> Processes => _processes;

    public static async Task<HubCluster> StartAsync(string hubDll, Uri rabbitMq, string storage, string sinkUrl, TextWriter log, CancellationToken cancellationToken)
    {
        var virtualHost = $"hub-bench-{Guid.NewGuid():N}"[..20];
        var (user, password) = Credentials(rabbitMq);
        await RabbitCtlAsync($"add_vhost {virtualHost}", cancellationToken);
        await RabbitCtlAsync($"set_permissions -p {virtualHost} {user} \".*\" \".*\" \".*\"", cancellationToken);
        var dataDirectory = storage == "sqlite" ? Directory.CreateTempSubdirectory("hub-bench-e2e-").FullName : null;
        var hubPort = HubCliProcess.FreePort();
        var cluster = new HubCluster(virtualHost, dataDirectory, new Uri($"http://127.0.0.1:{hubPort}"));
        try
        {
            var bus = new Dictionary<string, string?>
            {
                ["Hub:Bus:Transport"] = "RabbitMq",
                ["Hub:Bus:RabbitMq:Host"] = rabbitMq.Host,
                ["Hub:Bus:RabbitMq:Port"] = rabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Hub:Bus:RabbitMq:VirtualHost"] = virtualHost,
                ["Hub:Bus:RabbitMq:Username"] = user,
                ["Hub:Bus:RabbitMq:Password"] = password,
            };
            var hub = new Dictionary<string, string?>(bus)
            {
                ["Hub:InProcessWorkers"] = "false",
                ["Hub:Api:Keys:0:Name"] = "bench",
                ["Hub:Api:Keys:0:Hash"] = ApiKeyHash.Create(ApiKey, 10_000),
                ["Hub:Api:Principals:bench:Roles:0"] = "admin",
                ["Hub:Outbox:PollInterval"] = "00:00:00.100",
                ["Connectors:probe:Kind"] = "rest",
                ["Connectors:probe:BaseUrl"] = sinkUrl + "/",
                ["Connectors:probe:Operations:probe.deliver:Path"] = "probe",
            };
            if (dataDirectory is not null)
            {
                hub["Hub:DataDirectory"] = dataDirectory;
            }
            else
            {
                hub["Hub:Storage:Provider"] = "PostgreSql";
                hub["Hub:Storage:ConnectionString"] = storage;
            }

            log.WriteLine($"starting 1 hub + 2 perception + 1 reasoning worker processes on virtual host {virtualHost}, store {(dataDirectory is null ? "PostgreSQL" : "SQLite")}");
            cluster._processes.Add(HubCliProcess.Start(hubDll, ["run", $"--urls=http://127.0.0.1:{hubPort}"], hub, "hub"));
            cluster._addresses["hub"] = cluster.Hub.BaseAddress!;
            var workers = new[] { "perception", "perception", "reasoning" }.Select(name => (Name: name, Port: HubCliProcess.FreePort())).ToList();
            // The probes' embedding model is loaded before a perception worker is ready, so no probe waits for it.
            var perception = new Dictionary<string, string?>(bus) { ["Perception:Preload:0"] = "resnet18-features" };
            foreach (var (name, port) in workers)
            {
                var process = HubCliProcess.Start(hubDll, ["worker", name, $"--urls=http://127.0.0.1:{port}"], name == "perception" ? perception : bus, $"{name}-{cluster._processes.Count(p => p.Name.StartsWith(name, StringComparison.Ordinal)) + 1}");
                cluster._processes.Add(process);
                cluster._addresses[process.Name] = new Uri($"http://127.0.0.1:{port}");
            }

            await cluster.WaitReadyAsync(workers.Select(w => w.Port).ToList(), cancellationToken);
            cluster._sampler = cluster.SampleMemoryAsync(cluster._sampling.Token);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails with the process's output when one has exited (a crash mid-run is an error, not a slow run).</summary>
    public void ThrowIfAnyExited()
    {
        if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
        {
            throw new InvalidOperationException($"the {dead.Name} process exited; its output:\n{dead.Output}");
        }
    }

    /// <summary>Each process's consumed probes and worker requests so far (<see cref="ConsumedMessages"/>), by process name.</summary>
    public async Task<Dictionary<string, Dictionary<string, long>>> ConsumedAsync(CancellationToken cancellationToken)
    {
        var consumed = new Dictionary<string, Dictionary<string, long>>();
        foreach (var (name, address) in _addresses)
        {
            // The hub's /metrics wants the key (metrics:read); a worker's is open, like its /health.
            consumed[name] = ConsumedMessages.Parse(await Hub.GetStringAsync(new Uri(address, "/metrics"), cancellationToken));
        }

        return consumed;
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        _processes.ForEach(p => p.Dispose());
        Hub.Dispose();
        _sampling.Dispose();
        await RabbitCtlAsync($"delete_vhost {_virtualHost}", CancellationToken.None);
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task WaitReadyAsync(IReadOnlyList<int> workerPorts, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var pending = new List<Func<Task<bool>>>
        {
            async () => (await Hub.GetFromJsonAsync<JsonElement>("/api/plugins", cancellationToken)).EnumerateArray()
                .Any(p => p.GetProperty("name").GetString() == "Diagnostics" && p.GetProperty("state").GetString() == "Running"),
        };
        pending.AddRange(workerPorts.Select(port => (Func<Task<bool>>)(async () => (await probe.GetAsync($"http://127.0.0.1:{port}/health/ready", cancellationToken)).IsSuccessStatusCode)));
        while (pending.Count > 0)
        {
            ThrowIfAnyExited();
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException("the hub's processes were not ready within 3 minutes; the hub's output:\n" + _processes[0].Output);
            }

            var ready = new List<Func<Task<bool>>>();
            foreach (var check in pending)
            {
                try
                {
                    if (await check())
                    {
                        ready.Add(check);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    // not listening yet
                }
            }

            pending.RemoveAll(ready.Contains);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private async Task SampleMemoryAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            do
            {
                _processes.ForEach(p => p.SampleMemory());
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private static (string User, string Password) Credentials(Uri rabbitMq)
    {
        var parts = Uri.UnescapeDataString(rabbitMq.UserInfo).Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0 ? (parts[0], parts[1]) : ("guest", "guest");
    }

    private static async Task RabbitCtlAsync(string arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {arguments} failed ({process.ExitCode}): {await error}");
        }
    }
}
