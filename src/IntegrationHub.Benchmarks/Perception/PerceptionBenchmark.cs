using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace IntegrationHub.Benchmarks;

public sealed record BenchSettings(string Model, bool Json = false, string Bus = "inmemory", double SecondsPerRun = 4, int[]? Clients = null)
{
    public int[] ClientCounts => Clients is { Length: > 0 } c ? c : [1, 4, 16];
}

/// <summary>
/// <c>hub bench perception --model NAME [--json]</c>: images/s and latency through the bus with 1, 4 and 16 concurrent
/// clients, with micro-batching on and off, against a bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// loop on the same model, session options and inputs in the same run.
/// </summary>
public static class PerceptionBenchmark
{
    private const int InputCount = 16;

    /// <param name="startWorker">Starts the hub's bus with the perception worker in this process (the host composes it; this project knows no bus setup).</param>
    public static async Task<int> RunAsync(BenchSettings settings, IConfiguration configuration, Func<IConfiguration, CancellationToken, Task<IHost>> startWorker, TextWriter output, CancellationToken cancellationToken)
    {
        var images = RenderInputs();
        var raw = await RawLoopAsync(settings, configuration, images, output, cancellationToken);
        if (raw is null)
        {
            return 2;
        }

        var runs = new Dictionary<(bool Batching, int Clients), Run>();
        foreach (var batching in new[] { true, false })
        {
            var overridden = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Perception:Batching"] = batching ? "true" : "false" })
                .Build();
            using var worker = await startWorker(overridden, cancellationToken);
            var bus = worker.Services.GetRequiredService<IWorkerClient>();
            var host = worker.Services.GetRequiredService<ModelHost>();
            var model = await host.GetAsync(settings.Model);
            var request = RequestFor(model.Manifest);
            for (var i = 0; i < 4; i++)
            {
                await request(bus, images[i % images.Count], cancellationToken);
            }

            foreach (var clients in settings.ClientCounts)
            {
                var run = await HubRunAsync(bus, request, images, clients, settings.SecondsPerRun, cancellationToken);
                runs[(batching, clients)] = run;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"hub  {settings.Bus,-8} batching {(batching ? "on " : "off")}{(batching && model.Runner?.Batching != true ? " (model has a fixed batch size)" : "")} clients {clients,2}: {run.ImagesPerSecond,8:F1} images/s  p50 {run.P50,7:F1} ms  p95 {run.P95,7:F1} ms"));
            }

            await worker.StopAsync(cancellationToken);
        }

        var top = settings.ClientCounts.Max();
        var on = runs[(true, top)];
        var off = runs[(false, top)];
        var summary = new Dictionary<string, double>
        {
            ["hub_images_per_s"] = Math.Round(on.ImagesPerSecond, 2),
            ["raw_images_per_s"] = Math.Round(raw.Value, 2),
            ["ratio"] = Math.Round(on.ImagesPerSecond / raw.Value, 3),
            ["p50_ms"] = Math.Round(on.P50, 2),
            ["p95_ms"] = Math.Round(on.P95, 2),
            ["batching_speedup"] = Math.Round(on.ImagesPerSecond / off.ImagesPerSecond, 3),
        };
        if (!settings.Json)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{top} clients: hub {summary["hub_images_per_s"]} images/s = {summary["ratio"]:P0} of the bare loop; batching speedup {summary["batching_speedup"]}×"));
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(summary));
        return 0;
    }

    private readonly record struct Run(double ImagesPerSecond, double P50, double P95);

    private static async Task<Run> HubRunAsync(
        IWorkerClient bus, Func<IWorkerClient, byte[], CancellationToken, Task> request, IReadOnlyList<byte[]> images, int clients, double seconds, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[clients];
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            for (var i = c; Stopwatch.GetTimestamp() < deadline; i += clients)
            {
                var t = Stopwatch.GetTimestamp();
                await request(bus, images[i % images.Count], cancellationToken);
                latencies[c].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Run(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.95));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Func<IWorkerClient, byte[], CancellationToken, Task> RequestFor(ModelManifest manifest)
    {
        var timeout = TimeSpan.FromMinutes(2);
        return manifest.Task.ToLowerInvariant() switch
        {
            "embed" => async (bus, image, ct) => Check((await bus.RequestAsync<EmbedRequest, EmbedReply>(new EmbedRequest([new ImageInput(null, image)], manifest.Name), timeout, ct)).Results[0].Error),
            "classify" => async (bus, image, ct) => Check((await bus.RequestAsync<ClassifyRequest, ClassifyReply>(new ClassifyRequest(manifest.Name, [new ImageInput(null, image)]), timeout, ct)).Results[0].Error),
            "detect" => async (bus, image, ct) => Check((await bus.RequestAsync<DetectRequest, DetectReply>(new DetectRequest(manifest.Name, [new ImageInput(null, image)]), timeout, ct)).Results[0].Error),
            _ => throw new PerceptionException(PerceptionErrors.ModelWrongTask, $"The benchmark runs single-input image models (embed, classify, YOLO detect); '{manifest.Name}' is {manifest.Task}/{manifest.Format}."),
        };

        static void Check(IntegrationHub.Contracts.Messaging.ContractError? error)
        {
            if (error is not null)
            {
                throw new InvalidOperationException($"{error.Code}: {error.Message}");
            }
        }
    }

    /// <summary>The bare loop: the model's file in a session with the same options, inputs preprocessed beforehand, Run one after another.</summary>
    private static async Task<double?> RawLoopAsync(BenchSettings settings, IConfiguration configuration, IReadOnlyList<byte[]> images, TextWriter output, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().AddPerceptionWorker(configuration).BuildServiceProvider();
        var host = services.GetRequiredService<ModelHost>();
        LoadedModel model;
        try
        {
            model = await host.GetAsync(settings.Model);
            RequestFor(model.Manifest);
        }
        catch (PerceptionException ex)
        {
            await output.WriteLineAsync($"error {ex.Code}: {ex.Message}");
            return null;
        }

        var manifest = model.Manifest;
        var catalog = services.GetRequiredService<ModelCatalog>();
        using var session = services.GetRequiredService<SessionFactory>().Create(catalog.ResolveFile(manifest, "model"));
        var loader = services.GetRequiredService<ImageLoader>();
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var tensors = images.Select(bytes =>
        {
            using var bitmap = loader.Decode(bytes);
            var (fitted, _) = Preprocess.Fit(bitmap, w, h, manifest.Input.Resize, manifest.Input.PadValue);
            using (fitted)
            {
                var data = new float[3 * h * w];
                Preprocess.ToChw(fitted, manifest.Normalization, model.Bgr, data);
                return OrtValue.CreateTensorValueFromMemory(data, [1, 3, h, w]);
            }
        }).ToList();
        try
        {
            using var runOptions = new RunOptions();
            string[] outputs = [.. session.OutputMetadata.Keys];
            for (var i = 0; i < 4; i++)
            {
                using var _ = session.Run(runOptions, [model.InputName], [tensors[i % tensors.Count]], outputs);
            }

            var count = 0;
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < settings.SecondsPerRun)
            {
                using var _ = session.Run(runOptions, [model.InputName], [tensors[count++ % tensors.Count]], outputs);
            }

            var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"raw  InferenceSession.Run loop ({manifest.Name}, {host.ExecutionProvider}, batch 1): {rate,8:F1} images/s"));
            return rate;
        }
        finally
        {
            tensors.ForEach(t => t.Dispose());
        }
    }

    /// <summary>Sixteen different synthetic photos-to-be (shapes and gradients), encoded as PNG.</summary>
    private static List<byte[]> RenderInputs()
    {
        var random = new Random(20240601);
        var result = new List<byte[]>();
        for (var i = 0; i < InputCount; i++)
        {
            using var bitmap = new SKBitmap(640, 480);
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { IsAntialias = true })
            {
                canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                for (var s = 0; s < 20; s++)
                {
                    paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    canvas.DrawCircle(random.Next(640), random.Next(480), random.Next(10, 120), paint);
                }
            }

            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Png, 90);
            result.Add(data.ToArray());
        }

        return result;
    }
}
