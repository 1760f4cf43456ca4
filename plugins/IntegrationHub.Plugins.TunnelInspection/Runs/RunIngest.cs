using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using SkiaSharp;

namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>
/// An uploaded run (manifest + photographs): checks each line and file, keeps the good images under the plugin's
/// data folder, stores the run, then sends one <see cref="InspectImage"/> per image. Bad lines, missing and corrupt
/// files are reported per image; the rest goes through. The run is stored before any image is sent, so uploading
/// the same run again resends only what is idempotent already.
/// </summary>
public sealed class RunIngest(IPluginStore store, IMessagePublisher publisher, TimeProvider clock, PluginDataFolder folder)
{
    public static readonly string[] Methods = ["vehicle", "drone", "manual"];

    public sealed record Result(InspectionRun? Run, string? Error, bool Existing = false);

    /// <param name="defaultRunId">The run id when neither the manifest nor the fields name one (a dropped folder's name).</param>
    public async Task<Result> IngestAsync(MultipartUpload upload, CancellationToken cancellationToken, string? defaultRunId = null)
    {
        var manifestFile = upload.Files.FirstOrDefault(f => f.Name.Equals("manifest", StringComparison.OrdinalIgnoreCase))
            ?? upload.Files.FirstOrDefault(f => f.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
        if (manifestFile is null)
        {
            var parts = string.Join(", ", upload.Files.Select(f => $"{f.Name}={f.FileName}"));
            return new Result(null, $"a manifest (a file part named 'manifest', JSON or CSV) is required; the upload has {upload.Files.Count} files ({parts}) and fields {string.Join(", ", upload.Fields.Keys)}");
        }

        RunManifest.Parsed parsed;
        try
        {
            parsed = await RunManifest.ReadAsync(manifestFile.Path, cancellationToken);
        }
        catch (FormatException e)
        {
            return new Result(null, e.Message);
        }

        var header = Merge(parsed.Header, upload.Fields);
        header = header with { RunId = header.RunId ?? defaultRunId };
        if (Check(header) is { } headerError)
        {
            return new Result(null, headerError);
        }

        var runId = header.RunId ?? $"{header.TunnelId}-{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        if (await store.GetAsync<InspectionRun>(InspectionRun.Collection, runId, cancellationToken) is { } existing)
        {
            await SendAsync(existing.Value, cancellationToken);
            return new Result(existing.Value, null, Existing: true);
        }

        var run = new InspectionRun
        {
            RunId = runId,
            TunnelId = header.TunnelId!,
            Line = header.Line,
            Direction = header.Direction,
            Method = header.Method!.ToLowerInvariant(),
            InspectedAt = DateTimeOffset.Parse(header.Date!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            ReceivedAt = clock.GetUtcNow(),
            Rejected = parsed.Errors,
        };
        KeepImages(run, parsed.Lines, upload.Files.Where(f => f != manifestFile).ToList());
        run.Inspected = 0;
        if (run.Images.Count == 0)
        {
            run.CompletedAt = clock.GetUtcNow();
        }

        await store.PutAsync(InspectionRun.Collection, runId, run, expectedVersion: 0, cancellationToken);
        await SendAsync(run, cancellationToken);
        return new Result(run, null);
    }

    /// <summary>
    /// Sends again the pending images of every incomplete run: a hub that stopped part-way through a run (its in-memory
    /// bus lost what was queued, or it stopped between storing a run and sending it) picks the run up where it was.
    /// What is still queued on a broker arrives twice; the inbox (run id + image id) and the stored outcome make the second a no-op.
    /// </summary>
    /// <returns>The images sent.</returns>
    public async Task<int> ResumeAsync(CancellationToken cancellationToken)
    {
        const int page = 100;
        var sent = 0;
        for (var offset = 0; ; offset += page)
        {
            var runs = await store.ListAsync<InspectionRun>(InspectionRun.Collection, limit: page, offset: offset, cancellationToken: cancellationToken);
            foreach (var run in runs.Select(r => r.Value).Where(r => r.CompletedAt is null))
            {
                sent += await SendAsync(run, cancellationToken);
            }

            if (runs.Count < page)
            {
                return sent;
            }
        }
    }

    private async Task<int> SendAsync(InspectionRun run, CancellationToken cancellationToken)
    {
        var pending = run.Images.Where(i => i.Outcome is null).ToList();
        foreach (var image in pending)
        {
            await publisher.PublishAsync(
                new InspectImage(run.RunId, image.ImageId, run.TunnelId, image.File, image.ChainageM, image.Ring, image.Position, image.MmPerPixel, run.InspectedAt),
                cancellationToken);
        }

        return pending.Count;
    }

    private void KeepImages(InspectionRun run, List<ManifestLine> lines, List<UploadedFile> files)
    {
        var byName = files.GroupBy(f => f.FileName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var target = folder.RunFolder(run.RunId);
        Directory.CreateDirectory(target);
        foreach (var line in lines)
        {
            if (run.Images.Any(i => i.ImageId == line.ImageId))
            {
                run.Rejected.Add(new ImageError(line.ImageId, "the image id appears twice in the manifest"));
                continue;
            }

            if (!byName.TryGetValue(line.File, out var file))
            {
                run.Rejected.Add(new ImageError(line.ImageId, $"the file '{line.File}' was not uploaded"));
                continue;
            }

            used.Add(file.FileName);
            if (Unreadable(file.Path) is { } reason)
            {
                run.Rejected.Add(new ImageError(line.ImageId, $"the file '{line.File}' is not an image: {reason}"));
                continue;
            }

            var stored = Path.Combine(target, SafeName(line.ImageId) + Path.GetExtension(line.File).ToLowerInvariant());
            File.Move(file.Path, stored, overwrite: true);
            run.Images.Add(new RunImage(line.ImageId, Path.GetRelativePath(folder.Root, stored), line.ChainageM, line.Ring, line.Position, line.MmPerPixel));
        }

        foreach (var extra in byName.Keys.Where(n => !used.Contains(n)))
        {
            run.Rejected.Add(new ImageError(extra, "the file is not named by any manifest line"));
        }
    }

    private static string? Unreadable(string path)
    {
        using var codec = SKCodec.Create(path, out var result);
        if (codec is null)
        {
            return result.ToString();
        }

        // Decoded in full, not only its header: a half-written or cut-short photo decodes "incompletely" and is refused.
        using var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        return codec.GetPixels(bitmap.Info, bitmap.GetPixels()) switch
        {
            SKCodecResult.Success => null,
            SKCodecResult.IncompleteInput => "its image data is cut short (a half-written or truncated file)",
            var failed => $"it does not decode ({failed})",
        };
    }

    private static string SafeName(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static RunHeader Merge(RunHeader manifest, IReadOnlyDictionary<string, string> fields)
    {
        string? Field(string name, string? fallback) => fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;
        return new RunHeader(
            Field("runId", manifest.RunId), Field("tunnelId", manifest.TunnelId), Field("line", manifest.Line),
            Field("direction", manifest.Direction), Field("method", manifest.Method), Field("date", manifest.Date));
    }

    private static string? Check(RunHeader header)
    {
        if (string.IsNullOrWhiteSpace(header.TunnelId))
        {
            return "tunnelId is required (manifest or form field)";
        }

        if (header.Method is null || !Methods.Contains(header.Method, StringComparer.OrdinalIgnoreCase))
        {
            return $"method '{header.Method}' is not one of {string.Join(", ", Methods)}";
        }

        if (header.RunId is { } id && (id.Length > 100 || id.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            return "runId may hold letters, digits, '-', '_' and '.' only (at most 100)";
        }

        return DateTimeOffset.TryParse(header.Date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"date '{header.Date}' is not a date";
    }
}
