using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// With <c>Hub:WatchPlugins</c>, looks at the plugins folder every <c>Hub:WatchPluginsInterval</c>: a new folder with a
/// <c>plugin.json</c> is loaded once its files are unchanged between two looks (a copy still in progress is left
/// alone), and a running plugin whose folder is gone is unloaded (and loaded again if the folder comes back). A
/// plugin unloaded by hand stays unloaded. Polling, not file-system events: it also works on network and container
/// mounts, and a half-copied folder is never loaded.
/// </summary>
internal sealed class PluginFolderWatcher(PluginManager plugins, IOptions<HubOptions> options, ILogger<PluginFolderWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, string> _lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WatchPlugins)
        {
            return;
        }

        logger.LogInformation("Watching {Path} for plugin folders every {Interval}", plugins.PluginsPath, options.Value.WatchPluginsInterval);
        using var timer = new PeriodicTimer(options.Value.WatchPluginsInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking at the plugins folder {Path} failed; trying again", plugins.PluginsPath);
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(plugins.PluginsPath);
        var known = plugins.Runtimes.ToList();
        foreach (var gone in known.Where(r => r.State is PluginState.Running or PluginState.Failed && !File.Exists(Path.Combine(r.Folder, PluginManifest.FileName))))
        {
            logger.LogInformation("Plugin folder {Folder} was removed; unloading {Plugin}", gone.Folder, gone.Manifest.Id);
            await plugins.UnloadAsync(gone.Manifest.Id, cancellationToken);
            _removed.Add(Path.GetFullPath(gone.Folder));
        }

        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Select(Path.GetFullPath))
        {
            var runtime = known.FirstOrDefault(r => Path.GetFullPath(r.Folder) == folder);
            var candidate = File.Exists(Path.Combine(folder, PluginManifest.FileName))
                && (runtime is null || (runtime.State == PluginState.Unloaded && _removed.Contains(folder)));
            if (!candidate)
            {
                _lastSeen.Remove(folder);
                continue;
            }

            var fingerprint = Fingerprint(folder);
            var settled = _lastSeen.TryGetValue(folder, out var last) && last == fingerprint;
            _lastSeen[folder] = fingerprint;
            if (!settled || (_refused.TryGetValue(folder, out var refused) && refused == fingerprint))
            {
                continue;
            }

            await LoadAsync(folder, fingerprint, cancellationToken);
        }
    }

    private async Task LoadAsync(string folder, string fingerprint, CancellationToken cancellationToken)
    {
        try
        {
            var id = PluginDiscovery.ReadManifest(Path.Combine(folder, PluginManifest.FileName)).Id;
            if (plugins.Get(id) is { } other && Path.GetFullPath(other.Folder) != folder)
            {
                throw new InvalidDataException($"plugin '{id}' is already loaded from {other.Folder}");
            }

            var status = await plugins.LoadAsync(Path.GetFileName(folder), cancellationToken);
            logger.LogInformation("Plugin folder {Folder} appeared: {Plugin} {Version} is {State}", folder, status.Name, status.Version, status.State);
            _removed.Remove(folder);
            _lastSeen.Remove(folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tried again only once the folder changes: a broken plugin.json is reported once, not every interval.
            _refused[folder] = fingerprint;
            logger.LogWarning("Plugin folder {Folder} could not be loaded: {Reason}", folder, e.Message);
        }
    }

    /// <summary>What changes while a folder is still being copied: its files, their sizes and times.</summary>
    private static string Fingerprint(string folder)
    {
        var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        return $"{files.Count}:{files.Sum(f => f.Length)}:{(files.Count == 0 ? 0 : files.Max(f => f.LastWriteTimeUtc.Ticks))}";
    }
}
