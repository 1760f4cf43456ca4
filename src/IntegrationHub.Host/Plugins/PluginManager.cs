using System.Collections.Concurrent;
using System.Text.Json;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Scheduling;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Documents;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Options;
using Quartz;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Finds plugin folders, loads each into its own collectible load context (McMaster.NETCore.Plugins), builds its
/// services, connects its bus endpoint (host consumers typed by contracts only) and reloads it on request.
/// A plugin that fails to load or start is marked failed with the reason; the others carry on.
/// </summary>
public sealed class PluginManager(
    IServiceProvider hostServices,
    IConfiguration configuration,
    IOptions<HubOptions> options,
    ContractRegistry contracts,
    ILoggerFactory loggerFactory,
    ILogger<PluginManager> logger)
{
    private readonly ConcurrentDictionary<string, PluginRuntime> _plugins = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostReceiveEndpointHandle> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _reloads = new(1, 1);

    public string PluginsPath => ResolvePluginsPath(options.Value.PluginsPath);

    internal PluginRuntime? Get(string id) => _plugins.GetValueOrDefault(id);

    internal IEnumerable<PluginRuntime> Runtimes => _plugins.Values;

    public IReadOnlyList<PluginStatus> List() => _plugins.Values
        .OrderBy(p => p.Manifest.Id, StringComparer.OrdinalIgnoreCase)
        .Select(p => new PluginStatus(
            p.Manifest.Id,
            p.Manifest.Version,
            p.State.ToString(),
            p.Manifest.Description,
            p.Subscriptions.Select(contracts.NameOf).Order().ToList(),
            p.Current?.Endpoints.Select(e => $"{e.Method} {e.Route}").ToList() ?? [],
            p.Failures,
            p.Generation))
        .ToList();

    /// <summary>Discovers and starts every enabled plugin. Never throws for a plugin's fault.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var root = PluginsPath;
        if (!Directory.Exists(root))
        {
            logger.LogWarning("Plugin folder {Path} does not exist; no plugins loaded", root);
            return;
        }

        var manifests = new List<(PluginManifest Manifest, string Folder)>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order())
        {
            var file = Path.Combine(folder, PluginManifest.FileName);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                manifests.Add((ReadManifest(file), folder));
            }
            catch (Exception e)
            {
                var id = Path.GetFileName(folder);
                var runtime = _plugins.GetOrAdd(id, _ => new PluginRuntime(new PluginManifest(id, "?", "?", "?", "unreadable manifest"), folder));
                runtime.SetFailed("manifest", e);
                logger.LogError(e, "Plugin manifest {File} is unreadable", file);
            }
        }

        foreach (var (manifest, folder) in OrderByDependencies(manifests))
        {
            var runtime = _plugins.GetOrAdd(manifest.Id, _ => new PluginRuntime(manifest, folder));
            if (!configuration.GetValue($"{manifest.SectionOrDefault}:Enabled", true))
            {
                runtime.SetState(PluginState.Disabled);
                logger.LogInformation("Plugin {Plugin} is disabled in configuration", manifest.Id);
                continue;
            }

            await LoadAndStartAsync(runtime, cancellationToken);
        }
    }

    /// <summary>
    /// Reloads a plugin from its folder: holds new messages at the gate (they wait in the queue), drains the
    /// in-flight handlers, stops and unloads the old context, loads and starts the new one, opens the gate.
    /// </summary>
    public async Task<PluginStatus> ReloadAsync(string id, CancellationToken cancellationToken)
    {
        var runtime = Get(id) ?? throw new KeyNotFoundException($"No plugin named '{id}'.");
        await _reloads.WaitAsync(cancellationToken);
        try
        {
            logger.LogInformation("Reloading plugin {Plugin}: draining in-flight handlers", id);
            await runtime.CloseAndDrainAsync(cancellationToken);
            var old = runtime.Detach();
            if (old is not null)
            {
                await StopAsync(runtime, old, cancellationToken);
                LastUnloaded = old.ContextReference();
                await old.DisposeAsync();
            }

            runtime.Manifest = ReadManifest(Path.Combine(runtime.Folder, PluginManifest.FileName));
            await LoadAndStartAsync(runtime, cancellationToken);
            return List().Single(p => p.Name.Equals(id, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            _reloads.Release();
        }
    }

    /// <summary>The load context of the last plugin unloaded by a reload, to check it was collected.</summary>
    internal WeakReference? LastUnloaded { get; private set; }

    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        foreach (var runtime in _plugins.Values)
        {
            var loaded = runtime.Detach();
            runtime.SetState(PluginState.Stopped);
            if (loaded is not null)
            {
                await StopAsync(runtime, loaded, cancellationToken);
                await loaded.DisposeAsync();
            }
        }
    }

    /// <summary>Builds the message of a job a plugin declared, at fire time (called by the scheduler).</summary>
    internal object CreateJobMessage(string pluginId, string jobName, DateTimeOffset fireTime)
    {
        var runtime = Get(pluginId) ?? throw new PluginUnavailableException(pluginId, "not installed");
        var job = runtime.Current?.Jobs.FirstOrDefault(j => j.Name == jobName)
            ?? throw new PluginUnavailableException(pluginId, $"job '{jobName}' is not declared by the running version");
        return job.CreateMessage(fireTime);
    }

    private async Task LoadAndStartAsync(PluginRuntime runtime, CancellationToken cancellationToken)
    {
        var manifest = runtime.Manifest;
        LoadedPlugin? loaded = null;
        var stage = "load";
        try
        {
            loaded = Load(runtime);
            // Subscribe before starting: if the start fails, the plugin's messages still arrive, find it failed,
            // and end in the error store after their retries, instead of never being routed at all.
            stage = "subscribe";
            await ConnectEndpointAsync(runtime, loaded, cancellationToken);
            stage = "start";
            await loaded.Instance.StartAsync(loaded.Context, cancellationToken);
            await ScheduleDeclaredJobsAsync(manifest.Id, loaded, cancellationToken);
            runtime.SetRunning(loaded);
            logger.LogInformation("Plugin {Plugin} {Version} running (generation {Generation}): handles {Types}",
                manifest.Id, manifest.Version, runtime.Generation, string.Join(", ", loaded.Handlers.Keys.Select(contracts.NameOf)));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Plugin {Plugin} failed to {Stage}", manifest.Id, stage);
            runtime.SetFailed(stage, e);
            if (loaded is not null)
            {
                await loaded.DisposeAsync();
            }
        }
    }

    private LoadedPlugin Load(PluginRuntime runtime)
    {
        var manifest = runtime.Manifest;
        var hubAbi = typeof(IHubPlugin).Assembly.GetName().Version!;
        if (Version.TryParse(manifest.TargetAbi, out var abi) && abi.Major > hubAbi.Major)
        {
            throw new InvalidOperationException($"Plugin targets contracts {manifest.TargetAbi}; this hub has {hubAbi}.");
        }

        var loader = PluginLoader.CreateFromAssemblyFile(
            Path.Combine(runtime.Folder, manifest.Assembly),
            SharedAssemblies.Types,
            config =>
            {
                SharedAssemblies.Share(config);
                config.IsUnloadable = true;
                config.LoadInMemory = true;
                config.PreferSharedTypes = true;
            });
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            var pluginType = assembly.GetTypes().SingleOrDefault(t => typeof(IHubPlugin).IsAssignableFrom(t) && !t.IsAbstract)
                ?? throw new InvalidOperationException($"{manifest.Assembly} has no (single) class implementing IHubPlugin.");
            var instance = (IHubPlugin)Activator.CreateInstance(pluginType)!;

            var section = configuration.GetSection(manifest.SectionOrDefault);
            var dataDirectory = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "plugins", manifest.Id);
            Directory.CreateDirectory(dataDirectory);
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            var services = new ServiceCollection();
            AddSdkServices(services, manifest, section, json);
            var builder = new PluginBuilder(manifest, section, services, contracts);
            instance.Configure(builder);

            var context = new PluginContext(manifest, section, dataDirectory);
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            context.Services = provider;
            return new LoadedPlugin(loader, instance, provider, context, builder, json);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>What the SDK promises a plugin: registered into the plugin's own container, implemented by the host.</summary>
    private void AddSdkServices(ServiceCollection services, PluginManifest manifest, IConfiguration section, JsonSerializerOptions json)
    {
        var id = manifest.Id;
        SharedAssemblies.ShareServices(hostServices, services);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The hub's clock, so plugin timers and the scheduler agree (and tests can move both).
        services.AddSingleton(hostServices.GetRequiredService<TimeProvider>());
        services.AddOptions();
        services.AddSingleton(section);
        services.AddSingleton(new DocumentStore(hostServices.GetRequiredService<HubDatabase>(), id, json));
        services.AddSingleton<IPluginStore>(sp => sp.GetRequiredService<DocumentStore>());
        services.AddSingleton<IOutbox>(new TransactionalOutbox(
            hostServices.GetRequiredService<OutboxStore>(), hostServices.GetRequiredService<HubDatabase>(), hostServices.GetRequiredService<OutboxSignal>(), id));
        services.AddSingleton<IMessagePublisher>(new BusPublisher(hostServices.GetRequiredService<IBus>(), contracts, id));
        services.AddSingleton<IWorkerClient>(hostServices.GetRequiredService<BusWorkerClient>());
        services.AddSingleton<IPluginScheduler>(new PluginScheduler(hostServices.GetRequiredService<TimerWriter>(), contracts, id));
    }

    private async Task ConnectEndpointAsync(PluginRuntime runtime, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        var id = runtime.Manifest.Id;
        if (_endpoints.ContainsKey(id))
        {
            var added = loaded.Handlers.Keys.Except(runtime.Subscriptions).Select(contracts.NameOf).ToList();
            if (added.Count > 0)
            {
                logger.LogWarning("Plugin {Plugin} now also handles {Types}; the bus subscribes to them at the next hub start", id, string.Join(", ", added));
            }

            return;
        }

        var dispatcher = hostServices.GetRequiredService<PluginDispatcher>();
        var bus = hostServices.GetRequiredService<IReceiveEndpointConnector>();
        var hub = options.Value;
        // MassTransit keeps this configuration callback for the endpoint's lifetime: it must capture contract
        // types only, never the load (which would pin the plugin's load context after an unload).
        var subscriptions = loaded.Handlers.Values.Select(b => (b.MessageType, b.ReplyType)).ToList();
        var handle = bus.ConnectReceiveEndpoint(QueueName(id), (context, endpoint) =>
        {
            endpoint.PrefetchCount = hub.Bus.PrefetchCount;
            endpoint.ConcurrentMessageLimit = hub.Bus.ConcurrencyLimit;
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && hub.Bus.RabbitMq.QuorumQueues)
            {
                rabbit.SetQuorumQueue();
            }

            hostServices.GetRequiredService<ErrorStoreFilterInstaller>().Install(endpoint);
            foreach (var (messageType, replyType) in subscriptions)
            {
                ConsumerRegistration.Add(endpoint, messageType, replyType, dispatcher, id);
            }
        });
        await handle.Ready.WaitAsync(cancellationToken);
        _endpoints[id] = handle;
        runtime.Subscriptions = loaded.Handlers.Keys.ToList();
    }

    private async Task ScheduleDeclaredJobsAsync(string id, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        if (loaded.Jobs.Count == 0)
        {
            return;
        }

        var scheduler = await hostServices.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        foreach (var job in loaded.Jobs)
        {
            var key = new JobKey($"declared:{job.Name}", PluginScheduler.GroupOf(id));
            var detail = JobBuilder.Create<PublishMessageJob>()
                .WithIdentity(key)
                .UsingJobData(PublishMessageJob.Plugin, id)
                .UsingJobData(PublishMessageJob.Contract, contracts.NameOf(job.MessageType))
                .UsingJobData(PublishMessageJob.DeclaredJob, job.Name)
                .StoreDurably()
                .Build();
            var existing = await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), cancellationToken);
            if (existing is ICronTrigger cron && cron.CronExpressionString == job.Cron)
            {
                continue; // Persisted from an earlier start: keep its fire times so misfires are detected.
            }

            var trigger = TriggerBuilder.Create(hostServices.GetRequiredService<TimeProvider>())
                .WithIdentity(key.Name, key.Group)
                .ForJob(detail)
                .WithSchedule(CronScheduleBuilder.Create(job.Cron).WithMisfireInstruction(job.Misfire == MisfirePolicy.FireOnceNow
                    ? CronTriggerMisfireInstruction.FireAndProceed
                    : CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
            logger.LogInformation("Plugin {Plugin} job {Job} scheduled: {Cron}", id, job.Name, job.Cron);
        }
    }

    private async Task StopAsync(PluginRuntime runtime, LoadedPlugin loaded, CancellationToken cancellationToken)
    {
        try
        {
            await loaded.Instance.StopAsync(loaded.Context, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Plugin {Plugin} threw while stopping", runtime.Manifest.Id);
        }
    }

    public static string QueueName(string pluginId) => $"plugin.{pluginId.ToLowerInvariant()}";

    private static PluginManifest ReadManifest(string file)
    {
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{file} is empty.");
        if (string.IsNullOrWhiteSpace(manifest.Id) || string.IsNullOrWhiteSpace(manifest.Assembly))
        {
            throw new InvalidDataException($"{file} must name at least 'id' and 'assembly'.");
        }

        return manifest;
    }

    private static IEnumerable<(PluginManifest, string)> OrderByDependencies(List<(PluginManifest Manifest, string Folder)> manifests)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = manifests.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => (p.Manifest.Dependencies ?? []).All(d => done.Contains(d) || manifests.All(m => !m.Manifest.Id.Equals(d, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (ready.Count == 0)
            {
                ready = pending; // A cycle: load in name order and let each fail on its own if it must.
            }

            foreach (var item in ready)
            {
                done.Add(item.Manifest.Id);
                pending.Remove(item);
                yield return item;
            }
        }
    }

    internal static string ResolvePluginsPath(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        return Path.Combine(AppContext.BaseDirectory, "plugins");
    }
}
