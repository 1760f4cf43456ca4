using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>
/// The crack classifier the end-to-end tests run in the perception worker. When the shipped model's manifest
/// (<c>models/concrete-crack.json</c>) is in the repository, it is used as it is: <c>Perception:ModelsPath</c> is the
/// repository's <c>models/</c> and the plugin's <c>CrackModel</c> is <c>concrete-crack</c>. Until then the fixture
/// builds one the same way: ResNet18 features of 120 + 120 <c>train/</c> photos (the worker's embed task), a logistic
/// regression fitted here, and the head appended to the ResNet18 graph (<see cref="OnnxHead"/>), served as
/// <c>crack-test</c> from a models folder of its own.
/// </summary>
public sealed class CrackModel : IAsyncLifetime
{
    public const int TrainPerClass = 200;

    private readonly string folder = Directory.CreateTempSubdirectory("tunnel-models-").FullName;

    public string ModelName { get; private set; } = "concrete-crack";

    public string ModelsPath { get; private set; } = string.Empty;

    public string CachePath { get; private set; } = string.Empty;

    public string? Unavailable { get; private set; }

    /// <summary>The fitted head on its training photos and on 20 + 20 other test/ photos, in this process (not through the worker).</summary>
    public double TrainAccuracy { get; private set; }

    public double HeldOutAccuracy { get; private set; }

    public Dictionary<string, string?> PerceptionSettings => new()
    {
        ["Perception:ModelsPath"] = ModelsPath,
        ["Perception:CachePath"] = CachePath,
    };

    public async Task InitializeAsync()
    {
        var repo = PluginFolders.RepositoryRoot();
        if (File.Exists(Path.Combine(repo, "models", "concrete-crack.json")))
        {
            (ModelName, ModelsPath, CachePath) = ("concrete-crack", Path.Combine(repo, "models"), Path.Combine(repo, "models", "cache"));
            return;
        }

        if (CrackDataset.Root is null)
        {
            Unavailable = CrackDataset.Unavailable;
            return;
        }

        ModelName = "crack-test";
        (ModelsPath, CachePath) = (folder, folder);
        var features = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo, "models", "resnet18-features.json")))!.AsObject();
        var backbone = Path.Combine(repo, "models", "cache", features["files"]!["model"]!["file"]!.GetValue<string>());
        File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(backbone)), backbone);
        await File.WriteAllTextAsync(Path.Combine(folder, "resnet18-features.json"), features.ToJsonString());

        var (x, y) = await EmbedAsync("train", TrainPerClass, 0);
        var (weights, bias) = LogisticRegression.Fit(x, y);
        var (hx, hy) = await EmbedAsync("test", 20, 200);
        HeldOutAccuracy = hx.Select((v, i) => LogisticRegression.Probabilities(v, weights, bias)[0] >= 0.5 == (hy[i] == 0)).Count(ok => ok) / (double)hx.Length;
        TrainAccuracy = x.Select((v, i) => LogisticRegression.Probabilities(v, weights, bias)[0] >= 0.5 == (y[i] == 0)).Count(ok => ok) / (double)x.Length;
        var model = OnnxHead.Attach(await File.ReadAllBytesAsync(backbone), features["output"]!.GetValue<string>(), weights, bias);
        await File.WriteAllBytesAsync(Path.Combine(folder, "crack-test.onnx"), model);
        var manifest = features.DeepClone().AsObject();
        manifest["name"] = ModelName;
        manifest["task"] = "classify";
        manifest["format"] = "imagenet";
        manifest["description"] = $"Test-built crack classifier: ResNet18 features + logistic regression on {TrainPerClass}+{TrainPerClass} train/ photos.";
        manifest["files"] = new JsonObject { ["model"] = new JsonObject { ["file"] = "crack-test.onnx", ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(model)) } };
        manifest["output"] = OnnxHead.Output;
        manifest["labels"] = new JsonArray("crack", "no-crack");
        await File.WriteAllTextAsync(Path.Combine(folder, "crack-test.json"), manifest.ToJsonString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(float[][] X, int[] Y)> EmbedAsync(string split, int perClass, int skip)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(PerceptionSettings).Build();
        await using var services = new ServiceCollection().AddPerceptionWorker(configuration).BuildServiceProvider();
        var perception = services.GetRequiredService<IPerceptionService>();
        var x = new List<float[]>();
        var y = new List<int>();
        foreach (var (crack, label) in new[] { (true, 0), (false, 1) })
        {
            foreach (var chunk in CrackDataset.Photos(split, crack, perClass, skip).Chunk(16))
            {
                var images = await Task.WhenAll(chunk.Select(async f => new ImageInput(Path.GetFileName(f), await File.ReadAllBytesAsync(f))));
                var reply = await perception.EmbedAsync(new EmbedRequest(images, "resnet18-features"), CancellationToken.None);
                Assert.Null(reply.Error);
                foreach (var result in reply.Results)
                {
                    Assert.Null(result.Error);
                    x.Add(result.Vector);
                    y.Add(label);
                }
            }
        }

        return ([.. x], [.. y]);
    }
}

/// <summary>
/// Softmax regression by full-batch gradient descent on standardised features; the standardisation is folded into
/// the returned weights and bias, so they apply to the raw (L2-normalised) features the ONNX head sees.
/// </summary>
public static class LogisticRegression
{
    public static (float[,] Weights, float[] Bias) Fit(float[][] x, int[] y, int classes = 2, int epochs = 300, float rate = 0.5f, float l2 = 1e-2f)
    {
        var d = x[0].Length;
        var mean = new float[d];
        var sd = new float[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = x.Average(v => v[j]);
            sd[j] = MathF.Sqrt(x.Average(v => (v[j] - mean[j]) * (v[j] - mean[j]))) + 1e-6f;
        }

        var z = x.Select(v => v.Select((f, j) => (f - mean[j]) / sd[j]).ToArray()).ToArray();
        var w = new float[d, classes];
        var b = new float[classes];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var gw = new float[d, classes];
            var gb = new float[classes];
            for (var i = 0; i < z.Length; i++)
            {
                var p = Probabilities(z[i], w, b);
                for (var c = 0; c < classes; c++)
                {
                    var error = p[c] - (y[i] == c ? 1 : 0);
                    gb[c] += error;
                    for (var j = 0; j < d; j++)
                    {
                        gw[j, c] += error * z[i][j];
                    }
                }
            }

            for (var c = 0; c < classes; c++)
            {
                b[c] -= rate * gb[c] / z.Length;
                for (var j = 0; j < d; j++)
                {
                    w[j, c] -= rate * (gw[j, c] / z.Length + l2 * w[j, c]);
                }
            }
        }

        var folded = new float[d, classes];
        var bias = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            bias[c] = b[c];
            for (var j = 0; j < d; j++)
            {
                folded[j, c] = w[j, c] / sd[j];
                bias[c] -= w[j, c] * mean[j] / sd[j];
            }
        }

        return (folded, bias);
    }

    public static float[] Probabilities(float[] x, float[,] w, float[] b)
    {
        var z = new float[b.Length];
        for (var c = 0; c < b.Length; c++)
        {
            z[c] = b[c];
            for (var j = 0; j < x.Length; j++)
            {
                z[c] += w[j, c] * x[j];
            }
        }

        var max = z.Max();
        var e = z.Select(v => MathF.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}
