using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>
/// Runs dropped into a watched folder (<c>Watch:Folder</c>): each sub-folder holding <c>manifest.json</c> (or
/// <c>manifest.csv</c>) and its photographs is one run, ingested like an upload (<see cref="RunIngest"/>; the folder's
/// name is the run id when the manifest has none). A drop is taken only once none of its files changed for
/// <c>Watch:SettleTime</c>, so a photo still being copied is not read half-written. The folder is claimed by renaming it
/// into <c>.ingesting/</c> (one hub instance wins), its images move into the run, and what is left (the manifest, files no
/// line names) ends in <c>.done/</c>, or in <c>.failed/</c> beside an <c>error.txt</c> when the manifest is refused. A
/// corrupt photo is rejected in the run's record with its reason, and the rest of the run goes on. A claim left by a
/// stopped hub goes back to the watched folder after <c>Watch:ClaimTimeout</c>; the run id keeps a re-ingest idempotent.
/// </summary>
public sealed class RunFolderWatch(TunnelInspectionOptions options, IServiceProvider services, TimeProvider clock, ILogger<RunFolderWatch> logger)
{
    public const string Ingesting = ".ingesting";
    public const string Done = ".done";
    public const string Failed = ".failed";
    private static readonly string[] Manifests = ["manifest.json", "manifest.csv"];

    private CancellationTokenSource? stopping;
    private Task? loop;

    public void Start()
    {
        if (string.IsNullOrWhiteSpace(options.Watch.Folder))
        {
            return;
        }

        stopping = new CancellationTokenSource();
        loop = Task.Run(() => WatchAsync(stopping.Token));
    }

    public async Task StopAsync()
    {
        if (stopping is null || loop is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await loop;
        stopping.Dispose();
    }

    /// <summary>One look at the folder: ingests every settled drop; returns the run ids ingested.</summary>
    public async Task<IReadOnlyList<string>> ScanAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(options.Watch.Folder!).FullName;
        foreach (var folder in new[] { Ingesting, Done, Failed })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        ReleaseStaleClaims(root);
        var runs = new List<string>();
        foreach (var drop in Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList())
        {
            if (Settled(drop) && Claim(root, drop) is { } claimed)
            {
                runs.AddRange(await IngestAsync(root, claimed, cancellationToken));
            }
        }

        return runs;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Watch.PollInterval, clock);
        do
        {
            try
            {
                await ScanAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Scanning the inspection drop folder {Folder} failed; it is tried again", options.Watch.Folder);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool Settled(string drop)
    {
        var files = Directory.EnumerateFiles(drop).Select(f => new FileInfo(f)).ToList();
        var latest = files.Select(f => f.LastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(drop)).Max();
        return files.Any(f => Manifests.Contains(f.Name, StringComparer.OrdinalIgnoreCase))
            && clock.GetUtcNow().UtcDateTime - latest >= options.Watch.SettleTime;
    }

    private string? Claim(string root, string drop)
    {
        var claimed = Path.Combine(root, Ingesting, Path.GetFileName(drop));
        try
        {
            Directory.Move(drop, claimed);
            Directory.SetLastWriteTimeUtc(claimed, clock.GetUtcNow().UtcDateTime);
            return claimed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug(e, "The drop {Drop} was claimed elsewhere or is in use", drop);
            return null;
        }
    }

    private async Task<IReadOnlyList<string>> IngestAsync(string root, string claimed, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(claimed);
        var files = Directory.EnumerateFiles(claimed).Select(f => new FileInfo(f)).ToList();
        var upload = new MultipartUpload(
            new Dictionary<string, string>(),
            [.. files.Select(f => new UploadedFile(Manifests.Contains(f.Name, StringComparer.OrdinalIgnoreCase) ? "manifest" : "images", f.Name, null, f.FullName, f.Length))]);
        RunIngest.Result result;
        try
        {
            result = await services.GetRequiredService<RunIngest>().IngestAsync(upload, cancellationToken, defaultRunId: name);
        }
        catch (Exception)
        {
            // The store or the bus is down: the drop goes back untouched (its images not yet moved) and is tried again.
            Directory.Move(claimed, Path.Combine(root, name));
            throw;
        }

        var target = Unique(Path.Combine(root, result.Run is null ? Failed : Done, name));
        Directory.Move(claimed, target);
        if (result.Run is not { } run)
        {
            await File.WriteAllTextAsync(Path.Combine(target, "error.txt"), result.Error + Environment.NewLine, cancellationToken);
            logger.LogWarning("The inspection drop {Drop} was refused: {Error}", name, result.Error);
            return [];
        }

        logger.LogInformation("The inspection drop {Drop} became run {RunId}: {Accepted} images, {Rejected} rejected", name, run.RunId, run.Images.Count, run.Rejected.Count);
        return [run.RunId];
    }

    private void ReleaseStaleClaims(string root)
    {
        foreach (var claimed in Directory.EnumerateDirectories(Path.Combine(root, Ingesting)))
        {
            if (clock.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(claimed) >= options.Watch.ClaimTimeout)
            {
                logger.LogWarning("The claim on {Drop} is older than {Timeout}: it goes back to the watched folder", claimed, options.Watch.ClaimTimeout);
                Directory.Move(claimed, Unique(Path.Combine(root, Path.GetFileName(claimed))));
            }
        }
    }

    private static string Unique(string path)
    {
        var candidate = path;
        for (var n = 2; Directory.Exists(candidate); n++)
        {
            candidate = $"{path}-{n}";
        }

        return candidate;
    }
}
