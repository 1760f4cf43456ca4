using System.Collections.Concurrent;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// Keeps the plugins' state and runs their lives: discovers them (<see cref="PluginDiscovery"/>), loads each into
/// its own load context (<see cref="PluginLoadContext"/>), composes its container (<see cref="PluginContainers"/>),
/// connects its bus endpoint (<see cref="PluginBusEndpoints"/>), schedules its jobs (<see cref="PluginJobSchedules"/>),
/// and starts, stops and reloads it. A plugin that fails to load or start is marked failed with the reason; the
/// others carry on.
/// </summary>
public sealed class PluginManager
{
    private readonly ConcurrentDictionary<string, PluginRuntime> _plugins = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _reloads = new(1, 1);
    private readonly IOptions<HubOptions> _options;
    private readonly ContractRegistry _contracts;
    private readonly PluginContainers _containers;
    private readonly PluginBusEndpoints _endpoints;
    private readonly PluginJobSchedules _jobs;
    private readonly DisabledPlugins _disabled;
    private readonly ILogger<PluginManager> _logger;

    internal PluginManager(
        IOptions<HubOptions> options,
        ContractRegistry contracts,
        PluginContainers containers,
        PluginBusEndpoints endpoints,
        PluginJobSchedules jobs,
        DisabledPlugins disabled,
        ILogger<PluginManager> logger)
    {
        _options = options;
        _contracts = contracts;
        _containers = containers;
        _endpoints = endpoints;
        _jobs = jobs;
        _disabled = disabled;
        _logger = logger;
    }

    public string PluginsPath => PluginDiscovery.ResolvePluginsPath(_options.Value.PluginsPath);

    /// <summary>The load context of the last plugin unloaded by a reload, to check it was collected.</summary>
    internal WeakReference? LastUnloaded { get; private set; }

    internal IEnumerable<PluginRuntime> Runtimes => _plugins.Values;

    internal PluginRuntime? Get(string id) => _plugins.GetValueOrDefault(id);

    public IReadOnlyList<PluginStatus> List() => _plugins.Values
        .OrderBy(p => p.Manifest.Id, StringComparer.OrdinalIgnoreCase)
        .Select(p => new PluginStatus(
            p.Manifest.Id,
            p.Manifest.Version,
            p.State.ToString(),
            p.Manifest.Description,
            p.Subscriptions.Select(_contracts.NameOf).Order().ToList(),
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
            _logger.LogWarning("Plugin folder {Path} does not exist; no plugins loaded", root);
            return;
        }

        var (found, unreadable) = PluginDiscovery.Discover(root);
        foreach (var bad in unreadable)
        {
            var id = Path.GetFileName(bad.Folder);
            var runtime = _plugins.GetOrAdd(id, _ => new PluginRuntime(new PluginManifest(id, "?", "?", "?", "unreadable manifest"), bad.Folder));
            runtime.SetFailed("manifest", bad.Error);
            _logger.LogError(bad.Error, "Plugin manifest {File} is unreadable", bad.File);
        }

        foreach (var (manifest, folder) in PluginDiscovery.OrderByDependencies(found))
        {
            var runtime = _plugins.GetOrAdd(manifest.Id, _ => new PluginRuntime(manifest, folder));
            if (await _disabled.WhyAsync(manifest, cancellationToken) is { } by)
            {
                runtime.SetState(PluginState.Disabled);
                _logger.LogInformation("Plugin {Plugin} is disabled {By}", manifest.Id, by);
                continue;
            }

            await LoadAndStartAsync(runtime, cancellationToken);
        }
    }

    /// <summary>
    /// Reloads a plugin from its folder: holds new messages at the gate (they wait in the queue), drains the
    /// in-flight handlers, stops and unloads the old context, loads and starts the new one, opens the gate.
    /// </summary>
    /// <exception cref="PluginDisabledException">An operator disabled it: enable it instead.</exception>
    public Task<PluginStatus> ReloadAsync(string id, CancellationToken cancellationToken) =>
        ExclusiveAsync(id, async runtime =>
        {
            if (await _disabled.IsDisabledAsync(runtime.Manifest.Id, cancellationToken))
            {
                throw new PluginDisabledException($"Plugin '{runtime.Manifest.Id}' is disabled; enable it to load it again.");
            }

            await DrainAndUnloadAsync(runtime, "Reloading", cancellationToken);
            await LoadFromFolderAsync(runtime, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Loads a plugin folder dropped into the plugins folder while the hub runs (<paramref name="folder"/>: its name, or a
    /// path inside the plugins folder); a plugin the hub already knows is reloaded instead. Folders elsewhere are refused:
    /// what runs in the hub is what an operator put in its plugins folder.
    /// </summary>
    public async Task<PluginStatus> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(PluginsPath);
        var full = Path.GetFullPath(Path.Combine(root, folder));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"No plugin folder '{folder}' in the plugins folder {root}; copy the plugin's build output there first.");
        }

        var manifest = PluginDiscovery.ReadManifest(Path.Combine(full, PluginManifest.FileName));
        if (_plugins.ContainsKey(manifest.Id))
        {
            return await ReloadAsync(manifest.Id, cancellationToken);
        }

        await _reloads.WaitAsync(cancellationToken);
        try
        {
            var runtime = _plugins.GetOrAdd(manifest.Id, _ => new PluginRuntime(manifest, full));
            if (await _disabled.WhyAsync(manifest, cancellationToken) is null)
            {
                _logger.LogInformation("Loading new plugin {Plugin} from {Folder}", manifest.Id, full);
                await LoadAndStartAsync(runtime, cancellationToken);
            }
            else
            {
                runtime.SetState(PluginState.Disabled);
            }

            return List().Single(p => p.Name.Equals(manifest.Id, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            _reloads.Release();
        }
    }

    /// <summary>
    /// Unloads a plugin: holds its new messages at the gate, drains the in-flight ones, stops it and frees its load
    /// context. It stays listed as <see cref="PluginState.Unloaded"/>; its messages then fail into the error store
    /// (replayable once it is loaded again with <see cref="LoadAsync"/>), nothing is dropped.
    /// </summary>
    public Task<PluginStatus> UnloadAsync(string id, CancellationToken cancellationToken) =>
        ExclusiveAsync(id, async runtime =>
        {
            await DrainAndUnloadAsync(runtime, "Unloading", cancellationToken);
            runtime.SetState(PluginState.Unloaded);
        }, cancellationToken);

    /// <summary>
    /// Disables a plugin: remembers it as disabled in the hub's database first (so a restart, or a crash half-way,
    /// keeps it so), pauses its schedules, then drains and unloads it like <see cref="UnloadAsync"/>. Its messages wait
    /// at the gate meanwhile, then fail into the error store, replayable once it is enabled again.
    /// </summary>
    public Task<PluginStatus> DisableAsync(string id, CancellationToken cancellationToken) =>
        ExclusiveAsync(id, async runtime =>
        {
            await _disabled.DisableAsync(runtime.Manifest.Id, cancellationToken);
            await _jobs.PauseAsync(runtime.Manifest.Id, cancellationToken);
            await DrainAndUnloadAsync(runtime, "Disabling", cancellationToken);
            runtime.SetState(PluginState.Disabled);
        }, cancellationToken);

    /// <summary>Enables a plugin an operator disabled: forgets it was, resumes its schedules and loads it again from its folder.</summary>
    /// <exception cref="PluginDisabledException">It is disabled in configuration (<c>Plugins:{id}:Enabled</c>), which only configuration changes.</exception>
    public Task<PluginStatus> EnableAsync(string id, CancellationToken cancellationToken) =>
        ExclusiveAsync(id, async runtime =>
        {
            if (!_disabled.EnabledInConfiguration(runtime.Manifest))
            {
                throw new PluginDisabledException($"Plugin '{runtime.Manifest.Id}' is disabled in configuration ({runtime.Manifest.SectionOrDefault}:Enabled); change the configuration to enable it.");
            }

            await _disabled.EnableAsync(runtime.Manifest.Id, cancellationToken);
            await _jobs.ResumeAsync(runtime.Manifest.Id, cancellationToken);
            if (runtime.State != PluginState.Running)
            {
                await LoadFromFolderAsync(runtime, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Runs <paramref name="change"/> on the plugin while no other load, reload or unload runs; returns its status after.</summary>
    private async Task<PluginStatus> ExclusiveAsync(string id, Func<PluginRuntime, Task> change, CancellationToken cancellationToken)
    {
        var runtime = Get(id) ?? throw new KeyNotFoundException($"No plugin named '{id}'.");
        await _reloads.WaitAsync(cancellationToken);
        try
        {
            await change(runtime);
            return List().Single(p => p.Name.Equals(runtime.Manifest.Id, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            _reloads.Release();
        }
    }

    private async Task LoadFromFolderAsync(PluginRuntime runtime, CancellationToken cancellationToken)
    {
        runtime.Manifest = PluginDiscovery.ReadManifest(Path.Combine(runtime.Folder, PluginManifest.FileName));
        await LoadAndStartAsync(runtime, cancellationToken);
    }

    /// <summary>Holds the plugin's new messages at the gate, drains the in-flight ones, stops it and frees its load context.</summary>
    private async Task DrainAndUnloadAsync(PluginRuntime runtime, string verb, CancellationToken cancellationToken)
    {
        _logger.LogInformation("{Verb} plugin {Plugin}: draining in-flight handlers", verb, runtime.Manifest.Id);
        await runtime.CloseAndDrainAsync(cancellationToken);
        var old = runtime.Detach();
        if (old is not null)
        {
            await StopAsync(runtime, old, cancellationToken);
            LastUnloaded = old.ContextReference();
            await old.DisposeAsync();
        }
    }

    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await _endpoints.StopAsync(cancellationToken);
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
            await _endpoints.ConnectAsync(runtime, loaded, cancellationToken);
            stage = "start";
            await loaded.Instance.StartAsync(loaded.Context, cancellationToken);
            await _jobs.ScheduleDeclaredJobsAsync(manifest.Id, loaded, cancellationToken);
            runtime.SetRunning(loaded);
            _logger.LogInformation("Plugin {Plugin} {Version} running (generation {Generation}): handles {Types}",
                manifest.Id, manifest.Version, runtime.Generation, string.Join(", ", loaded.Handlers.Keys.Select(_contracts.NameOf)));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Plugin {Plugin} failed to {Stage}", manifest.Id, stage);
            runtime.SetFailed(stage, e);
            if (loaded is not null)
            {
                await loaded.DisposeAsync();
            }
        }
    }

    private LoadedPlugin Load(PluginRuntime runtime)
    {
        var load = PluginLoadContext.Create(runtime.Manifest, runtime.Folder);
        try
        {
            return _containers.Compose(runtime.Manifest, load);
        }
        catch
        {
            load.Loader.Dispose();
            throw;
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
            _logger.LogWarning(e, "Plugin {Plugin} threw while stopping", runtime.Manifest.Id);
        }
    }
}
