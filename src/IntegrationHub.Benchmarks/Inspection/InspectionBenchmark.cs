using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Perception;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Benchmarks;

/// <param name="Data">A folder of photos (searched recursively for .jpg/.png), e.g. the concrete-crack dataset's <c>test/</c>.</param>
/// <param name="Images">How many photos one measured run holds.</param>
public sealed record InspectionBenchmarkOptions(string Data, int Images, string Model, bool Json);

/// <summary>A hub with the TunnelInspection plugin and the perception worker in this process, reached over its HTTP API.</summary>
public interface IInspectionBenchmarkHub : IAsyncDisposable
{
    /// <summary>Authenticated for the tunnel API.</summary>
    HttpClient Client { get; }
}

/// <summary>
/// <c>hub bench inspection</c>: images per second through the whole run path — the multipart upload (ingest, every photo
/// decoded and checked), one <c>tunnel.inspect-image</c> per photo, the perception worker over the bus (locate the crack
/// tiles, measure the cracks), the leakage/spalling rules, grading and the defect store, until the run is complete —
/// against a bare loop on the same photos in the same process: decode, preprocess and <c>InferenceSession.Run</c> of
/// the same classifier (its composed ONNX graph), one photo after another.
/// </summary>
public sealed class InspectionBenchmark(InspectionBenchmarkOptions options, IConfiguration configuration, Func<CancellationToken, Task<IInspectionBenchmarkHub>> startHub, TextWriter log)
{
    public async Task<Dictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        var photos = Photos();
        var bare = await BareLoopAsync(photos, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bare classifier loop ({options.Model}, decode + preprocess + Run): {bare,8:F1} images/s over {photos.Count} photos"));

        await using var hub = await startHub(cancellationToken);
        await RunThroughHubAsync(hub.Client, "bench-warmup", photos.Take(4).ToList(), cancellationToken);
        var elapsed = await RunThroughHubAsync(hub.Client, "bench-run", photos, cancellationToken);
        var rate = photos.Count / elapsed.TotalSeconds;
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"hub  inspection run (upload → perception → grading → store): {rate,8:F1} images/s ({photos.Count} photos in {elapsed.TotalSeconds:F1} s)"));
        return new Dictionary<string, double>
        {
            ["images"] = photos.Count,
            ["hub_images_per_s"] = Math.Round(rate, 2),
            ["bare_images_per_s"] = Math.Round(bare, 2),
            ["ratio"] = Math.Round(rate / bare, 3),
        };
    }

    private List<(string Name, byte[] Bytes)> Photos()
    {
        var files = Directory.EnumerateFiles(options.Data, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No .jpg or .png photos under {options.Data}.");
        }

        // Spread over the folder (crack and clean photos alike when it holds both), repeated when it holds fewer.
        var step = Math.Max(1, files.Count / options.Images);
        return [.. Enumerable.Range(0, options.Images).Select(i => ($"p{i}{Path.GetExtension(files[i * step % files.Count])}", File.ReadAllBytes(files[i * step % files.Count])))];
    }

    private async Task<double> BareLoopAsync(IReadOnlyList<(string Name, byte[] Bytes)> photos, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().AddPerceptionWorker(configuration).BuildServiceProvider();
        var model = await services.GetRequiredService<ModelHost>().GetAsync(options.Model);
        var loader = services.GetRequiredService<ImageLoader>();
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        string[] outputs = [.. model.Session.OutputMetadata.Keys];
        var data = new float[3 * h * w];
        void Classify(byte[] bytes)
        {
            using var bitmap = loader.Decode(bytes);
            var (fitted, _) = Preprocess.Fit(bitmap, w, h, model.Manifest.Input.Resize, model.Manifest.Input.PadValue);
            using (fitted)
            {
                Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, data);
            }

            using var input = OrtValue.CreateTensorValueFromMemory(data, [1, 3, h, w]);
            using var _ = model.Session.Run(model.RunOptions, [model.InputName], [input], outputs);
        }

        foreach (var photo in photos.Take(4))
        {
            Classify(photo.Bytes);
        }

        var started = Stopwatch.GetTimestamp();
        foreach (var photo in photos)
        {
            Classify(photo.Bytes);
        }

        return photos.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Posts the photos as one run (CSV manifest, 1 m apart) and waits for the run to complete.</summary>
    private static async Task<TimeSpan> RunThroughHubAsync(HttpClient client, string runId, IReadOnlyList<(string Name, byte[] Bytes)> photos, CancellationToken cancellationToken)
    {
        var manifest = new StringBuilder("id,file,chainage,ring,position,mm_per_pixel\n");
        using var content = new MultipartFormDataContent();
        foreach (var (field, value) in new[] { ("runId", runId), ("tunnelId", "BENCH"), ("method", "vehicle"), ("date", "2026-01-01") })
        {
            content.Add(new StringContent(value), field);
        }

        for (var i = 0; i < photos.Count; i++)
        {
            manifest.Append(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(photos[i].Name)},{photos[i].Name},K{i / 1000}+{i % 1000:000},{i},vault,0.2\n");
            content.Add(new ByteArrayContent(photos[i].Bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "images", photos[i].Name);
        }

        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(manifest.ToString())) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "manifest", "manifest.csv");
        var started = Stopwatch.GetTimestamp();
        using (var response = await client.PostAsync("/api/tunnel/runs", content, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The upload was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        while (true)
        {
            var run = JsonNode.Parse(await client.GetStringAsync($"/api/tunnel/runs/{runId}", cancellationToken))!;
            if (run["completedAt"] is not null)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var failed = run["failed"]!.GetValue<int>();
                return failed == 0 ? elapsed : throw new InvalidOperationException($"{failed} photos of {runId} failed: {run["images"]?.ToJsonString()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public static string Format(Dictionary<string, double> result) => JsonSerializer.Serialize(result);
}
