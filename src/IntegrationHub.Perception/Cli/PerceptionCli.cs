using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Perception.Cli;

/// <summary>A checked <c>hub perceive</c> command line: the image files (folders expanded), read chunk by chunk when sent.</summary>
public sealed record PerceiveRequest(string Task, IReadOnlyList<string> Images, string? Model, IReadOnlyList<string>? ClassNames);

/// <summary>
/// <c>hub perceive detect|classify|read-text|embed IMAGE|FOLDER... [--model NAME] [--json] [--bus inmemory|rabbitmq]</c>:
/// the request goes through the bus as a plugin's would, through <see cref="IWorkerClient"/> on the hub's own bus
/// (composed by the caller: in-memory with the worker in this process, or RabbitMQ to a running <c>hub worker perception</c>).
/// Any number of images: they go in requests of <see cref="ChunkSize"/> (under the worker's per-request limit), one
/// output line per image, progress on the error stream.
/// </summary>
public static class PerceptionCli
{
    public static readonly string[] Tasks = ["detect", "classify", "read-text", "embed"];

    /// <summary>Image files a folder argument contributes (its top level, by name).</summary>
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"];

    public const int ChunkSize = 32;

    private const int RequestFailed = 3;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Chinese text stays readable in the output.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Checks the command line and lists the images; null (with the reason written to <paramref name="error"/>) when
    /// it is bad, before anything is started.
    /// </summary>
    public static async Task<PerceiveRequest?> ReadRequestAsync(
        string task, IReadOnlyList<string> images, string? model, IReadOnlyList<string>? classNames, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Tasks.Contains(task))
        {
            await error.WriteLineAsync($"Unknown task '{task}'. Use one of: {string.Join(", ", Tasks)}.");
            return null;
        }

        var files = new List<string>();
        foreach (var path in images)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await error.WriteLineAsync($"No file or folder '{path}'.");
                return null;
            }
        }

        if (files.Count == 0)
        {
            await error.WriteLineAsync("No images: the folders given hold no image files.");
            return null;
        }

        if ((task is "detect" or "classify") && string.IsNullOrEmpty(model))
        {
            await error.WriteLineAsync($"'{task}' needs --model NAME (a manifest in the models folder).");
            return null;
        }

        return new PerceiveRequest(task, files, model, classNames);
    }

    /// <summary>Sends <paramref name="request"/> to the perception worker through <paramref name="workers"/>, as a plugin would, and prints the answer.</summary>
    public static async Task<int> PerceiveAsync(PerceiveRequest request, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var exit = 0;
        var done = 0;
        foreach (var chunk in request.Images.Chunk(ChunkSize))
        {
            var inputs = new List<ImageInput>(chunk.Length);
            foreach (var path in chunk)
            {
                inputs.Add(new ImageInput(path, await File.ReadAllBytesAsync(path, cancellationToken)));
            }

            var sent = await SendAsync(request, inputs, json, workers, output, error, cancellationToken);
            exit |= sent;
            if (sent == RequestFailed)
            {
                // The model or request is bad: every further chunk would fail the same way.
                break;
            }

            done += chunk.Length;
            if (request.Images.Count > ChunkSize)
            {
                await error.WriteLineAsync($"{done}/{request.Images.Count} images");
            }
        }

        return exit;
    }

    private static Task<int> SendAsync(
        PerceiveRequest request, List<ImageInput> inputs, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        request.Task switch
        {
            "detect" => DetectAsync(request, inputs, json, workers, output, error, cancellationToken),
            "classify" => ClassifyAsync(request, inputs, json, workers, output, error, cancellationToken),
            "read-text" => ReadTextAsync(request, inputs, json, workers, output, error, cancellationToken),
            _ => EmbedAsync(request, inputs, json, workers, output, error, cancellationToken),
        };

    private static async Task<int> DetectAsync(
        PerceiveRequest request, List<ImageInput> inputs, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var classNames = request.ClassNames is { Count: > 0 } names ? names : null;
        var reply = await workers.RequestAsync<DetectRequest, DetectReply>(new DetectRequest(request.Model!, inputs, classNames), RequestTimeout, cancellationToken);
        return await PrintAsync(reply.Error, reply.Meta, reply.Results, r => r.Error, r => json
            ? JsonSerializer.Serialize(new { image = r.ImageId, width = r.Width, height = r.Height, detections = r.Detections, error = r.Error }, JsonOptions)
            : $"{r.ImageId}: {Error(r.Error) ?? string.Join("; ", r.Detections.Select(d => $"{d.Label} {d.Score:F2} [{Box(d.Box)}]"))}", output, error, json);
    }

    private static async Task<int> ClassifyAsync(
        PerceiveRequest request, List<ImageInput> inputs, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reply = await workers.RequestAsync<ClassifyRequest, ClassifyReply>(new ClassifyRequest(request.Model!, inputs), RequestTimeout, cancellationToken);
        return await PrintAsync(reply.Error, reply.Meta, reply.Results, r => r.Error, r => json
            ? JsonSerializer.Serialize(new { image = r.ImageId, labels = r.Labels, error = r.Error }, JsonOptions)
            : $"{r.ImageId}: {Error(r.Error) ?? string.Join("; ", r.Labels.Select(l => $"{l.Label} {l.Score:F3}"))}", output, error, json);
    }

    private static async Task<int> ReadTextAsync(
        PerceiveRequest request, List<ImageInput> inputs, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reply = await workers.RequestAsync<ReadTextRequest, ReadTextReply>(new ReadTextRequest(inputs, Model: request.Model), RequestTimeout, cancellationToken);
        return await PrintAsync(reply.Error, reply.Meta, reply.Results, r => r.Error, r => json
            ? JsonSerializer.Serialize(new { image = r.ImageId, lines = r.Lines.Select(l => new { text = l.Text, box = l.Box, confidence = l.Confidence }), error = r.Error }, JsonOptions)
            : string.Join(output.NewLine, [$"{r.ImageId}:{(r.Error is null ? "" : " " + Error(r.Error))}", .. r.Lines.Select(l => $"  {l.Text}    ({l.Confidence:F2} at {Box(l.Box)})")]),
            output, error, json);
    }

    private static async Task<int> EmbedAsync(
        PerceiveRequest request, List<ImageInput> inputs, bool json, IWorkerClient workers, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reply = await workers.RequestAsync<EmbedRequest, EmbedReply>(new EmbedRequest(inputs, request.Model), RequestTimeout, cancellationToken);
        return await PrintAsync(reply.Error, reply.Meta, reply.Results, r => r.Error, r => json
            ? JsonSerializer.Serialize(new { image = r.ImageId, dimensions = r.Vector.Length, vector = r.Vector, error = r.Error }, JsonOptions)
            : $"{r.ImageId}: {Error(r.Error) ?? $"{r.Vector.Length}-d [{string.Join(", ", r.Vector.Take(6).Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))}, …]"}", output, error, json);
    }

    /// <summary>The reply's failure or model line, then each image's result as <paramref name="print"/> writes it; 1 when any image failed.</summary>
    private static async Task<int> PrintAsync<TResult>(
        IntegrationHub.Contracts.Messaging.ContractError? failure,
        PerceptionMeta? meta,
        IEnumerable<TResult> results,
        Func<TResult, IntegrationHub.Contracts.Messaging.ContractError?> errorOf,
        Func<TResult, string> print,
        TextWriter output,
        TextWriter error,
        bool json)
    {
        var exit = await ReportAsync(failure, meta, output, error, json);
        foreach (var result in results)
        {
            exit |= errorOf(result) is null ? 0 : 1;
            await output.WriteLineAsync(print(result));
        }

        return exit;
    }

    private static async Task<int> ReportAsync(IntegrationHub.Contracts.Messaging.ContractError? failure, PerceptionMeta? meta, TextWriter output, TextWriter error, bool json)
    {
        if (failure is not null)
        {
            await error.WriteLineAsync($"error {failure.Code}: {failure.Message}");
            return RequestFailed;
        }

        if (!json && meta is not null)
        {
            await output.WriteLineAsync($"model {meta.Model} on {meta.ExecutionProvider}, {meta.LatencyMs:F0} ms");
        }

        return 0;
    }

    private static string? Error(IntegrationHub.Contracts.Messaging.ContractError? e) => e is null ? null : $"error {e.Code}: {e.Message}";

    private static string Box(BoundingBox b) => string.Create(CultureInfo.InvariantCulture, $"{b.X:F0},{b.Y:F0} {b.Width:F0}×{b.Height:F0}");
}
