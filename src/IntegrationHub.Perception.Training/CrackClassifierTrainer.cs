using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Training;

/// <param name="DataPath">Holds <c>train/</c> and <c>test/</c>, each with <c>positive/</c> and <c>negative/</c>.</param>
/// <param name="ModelsPath">The models folder: the backbone's manifest is read from it, the head and manifest written to it.</param>
/// <param name="Augmentations">Augmented variants per training tile, besides the tile itself.</param>
public sealed record CrackTrainingOptions(
    string DataPath, string ModelsPath, string Name = "concrete-crack", string Backbone = "resnet18-features", int Augmentations = 1, int Seed = 7);

public sealed record CrackTrainingResult(ClassifierMetrics Test, ClassifierMetrics TestTiltedNoisy, double Penalty, int TrainRows, string ManifestPath, string HeadPath);

/// <summary>
/// Trains the crack classifier's head on the backbone's features of <c>train/</c> (augmented), writes it beside the
/// backbone's manifest, then measures the shipped model — backbone and head as one ONNX graph through the perception
/// service — on <c>test/</c>, as tiles and tilted and noisy.
/// </summary>
public sealed class CrackClassifierTrainer(IPerceptionService perception, ModelCatalog catalog, TextWriter log)
{
    private const int RequestSize = 32;
    private static readonly string[] Labels = ["crack", "no-crack"];
    private static readonly double[] Penalties = [1e-4, 1e-3, 1e-2, 1e-1];

    public async Task<CrackTrainingResult> TrainAsync(CrackTrainingOptions options, CancellationToken cancellationToken)
    {
        var train = CrackDataset.Load(Path.Combine(options.DataPath, "train"));
        var test = CrackDataset.Load(Path.Combine(options.DataPath, "test"));
        var backbone = catalog.GetManifest(options.Backbone);
        var featureOutput = backbone.Output ?? throw new InvalidOperationException($"Backbone '{options.Backbone}' names no output in its manifest.");
        await log.WriteLineAsync($"train: {train.Count} tiles × {1 + options.Augmentations} (with augmentations); test: {test.Count} tiles; backbone {options.Backbone}");

        var random = new Random(options.Seed);
        var rows = await FeaturesAsync(train, options.Backbone, options.Augmentations, random, cancellationToken);
        var penalty = SelectPenalty(rows);
        var head = LogisticRegression.Fit([.. rows.Select(r => r.Features)], [.. rows.Select(r => r.Crack)], penalty);

        using var codec = SKCodec.Create(train[0].Path);
        var tile = (codec.Info.Width, codec.Info.Height);
        var headFile = options.Name + "-head.onnx";
        var headPath = Path.Combine(options.ModelsPath, headFile);
        var manifestPath = Path.Combine(options.ModelsPath, options.Name + ".json");
        var onnx = ClassifierHead.Onnx(head, featureOutput, rows[0].Features.Length);
        await File.WriteAllBytesAsync(headPath, onnx, cancellationToken);
        var training = new JsonObject
        {
            ["command"] = $"hub train crack-classifier --data {options.DataPath} --out {options.ModelsPath}",
            ["backboneSha256"] = backbone.Files["model"].Sha256,
            ["trainTiles"] = train.Count,
            ["augmentationsPerTile"] = options.Augmentations,
            ["seed"] = options.Seed,
            ["l2"] = penalty,
        };
        var description = "Concrete crack tiles (crack / no-crack): logistic head trained here on ResNet18 features, run as one ONNX graph with its backbone.";
        await File.WriteAllTextAsync(manifestPath, ClassifierHead.Json(ClassifierHead.Manifest(options.Name, options.Backbone, headFile, onnx, Labels, tile, description, training)), cancellationToken);

        var metrics = await EvaluateAsync(options.Name, test, null, cancellationToken);
        await log.WriteLineAsync($"test (shipped model through the perception service): {metrics}");
        var tiltRandom = new Random(options.Seed + 1);
        var tilted = await EvaluateAsync(
            options.Name, [.. test.Where((_, i) => i % 5 == 0)], tile => Augment.Transform(tile, false, false, (float)(tiltRandom.NextDouble() * 20 - 10), 8f, tiltRandom), cancellationToken);
        await log.WriteLineAsync($"every 5th test tile tilted ±10° with noise σ=8: {tilted}");

        training["test"] = Figures(metrics);
        training["testTiltedNoisy"] = Figures(tilted);
        await File.WriteAllTextAsync(manifestPath, ClassifierHead.Json(ClassifierHead.Manifest(options.Name, options.Backbone, headFile, onnx, Labels, tile, description, training)), cancellationToken);
        return new CrackTrainingResult(metrics, tilted, penalty, rows.Count, manifestPath, headPath);
    }

    private static JsonObject Figures(ClassifierMetrics m) => new()
    {
        ["accuracy"] = Math.Round(m.Accuracy, 4),
        ["precision"] = Math.Round(m.Precision, 4),
        ["recall"] = Math.Round(m.Recall, 4),
        ["n"] = m.Count,
    };

    private sealed record Row(float[] Features, bool Crack, int Source);

    private async Task<List<Row>> FeaturesAsync(
        IReadOnlyList<LabelledImage> images, string backbone, int augmentations, Random random, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        var pending = new List<(ImageInput Input, bool Crack, int Source)>();
        for (var i = 0; i < images.Count; i++)
        {
            using var tile = SKBitmap.Decode(images[i].Path) ?? throw new InvalidDataException($"Cannot decode {images[i].Path}.");
            foreach (var variant in Augment.Variants(tile, augmentations, random))
            {
                using (variant)
                {
                    pending.Add((new ImageInput($"{i}", Png(variant)), images[i].Crack, i));
                }
            }

            if (pending.Count >= RequestSize || i == images.Count - 1)
            {
                var reply = await perception.EmbedAsync(new EmbedRequest([.. pending.Select(c => c.Input)], backbone), cancellationToken);
                Check(reply.Error, reply.Results.Select(r => r.Error));
                rows.AddRange(pending.Zip(reply.Results, (c, r) => new Row(r.Vector, c.Crack, c.Source)));
                pending.Clear();
                if ((i + 1) % 100 == 0)
                {
                    await log.WriteLineAsync($"features: {i + 1}/{images.Count} tiles");
                }
            }
        }

        return rows;
    }

    /// <summary>The L2 penalty with the best accuracy on a fifth of the tiles held out (all variants of a tile together).</summary>
    private double SelectPenalty(List<Row> rows)
    {
        var fit = rows.Where(r => r.Source % 5 != 0).ToList();
        var held = rows.Where(r => r.Source % 5 == 0).ToList();
        var best = (Penalty: Penalties[0], Accuracy: -1.0);
        foreach (var penalty in Penalties)
        {
            var model = LogisticRegression.Fit([.. fit.Select(r => r.Features)], [.. fit.Select(r => r.Crack)], penalty);
            var accuracy = held.Average(r => model.Predict(r.Features) >= 0.5 == r.Crack ? 1.0 : 0.0);
            log.WriteLine($"l2 {penalty:G}: held-out accuracy {accuracy:P2}");
            if (accuracy >= best.Accuracy)
            {
                best = (penalty, accuracy);
            }
        }

        return best.Penalty;
    }

    private async Task<ClassifierMetrics> EvaluateAsync(string model, IReadOnlyList<LabelledImage> images, Func<SKBitmap, SKBitmap>? distort, CancellationToken cancellationToken)
    {
        var outcomes = new List<(bool, bool?)>();
        foreach (var chunk in images.Chunk(RequestSize))
        {
            var inputs = chunk.Select(image =>
            {
                if (distort is null)
                {
                    return new ImageInput(image.Path, File.ReadAllBytes(image.Path));
                }

                using var tile = SKBitmap.Decode(image.Path);
                using var changed = distort(tile);
                return new ImageInput(image.Path, Png(changed));
            }).ToList();
            var reply = await perception.ClassifyAsync(new ClassifyRequest(model, inputs, TopK: 1), cancellationToken);
            Check(reply.Error, []);
            outcomes.AddRange(chunk.Zip(reply.Results, (image, r) => (image.Crack, r.Error is null ? r.Labels[0].Label == Labels[0] : (bool?)null)));
        }

        return ClassifierMetrics.Of(outcomes);
    }

    private static void Check(IntegrationHub.Contracts.Messaging.ContractError? error, IEnumerable<IntegrationHub.Contracts.Messaging.ContractError?> perImage)
    {
        var first = error ?? perImage.FirstOrDefault(e => e is not null);
        if (first is not null)
        {
            throw new InvalidOperationException($"Perception failed: {first.Code}: {first.Message}");
        }
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
