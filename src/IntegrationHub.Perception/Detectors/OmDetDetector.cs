using System.Buffers;
using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace IntegrationHub.Perception.Detectors;

/// <summary>
/// Open-vocabulary detection (OmDet-Turbo): the request's class names through the <see cref="OmDetTextEncoder"/>, then
/// image, label and prompt features through the detector and its heads through <see cref="OmDetDecoder"/>.
/// </summary>
public sealed class OmDetDetector : IDetector
{
    public static bool IsOmDet(ModelManifest manifest) => string.Equals(manifest.Format, "omdet", StringComparison.OrdinalIgnoreCase);

    public bool Accepts(ModelManifest manifest) => IsOmDet(manifest);

    public async Task<Func<SKBitmap, Task<List<Candidate>>>> PrepareAsync(
        LoadedModel model, IReadOnlyList<string> labels, DetectionLimits limits, CancellationToken cancellationToken)
    {
        if (labels.Count == 0)
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Model '{model.Manifest.Name}' is open-vocabulary: give ClassNames.");
        }

        var text = await OmDetTextEncoder.EncodeAsync(model, labels);
        return bitmap => Task.FromResult(Detect(model, bitmap, text, labels.Count, limits));
    }

    private static List<Candidate> Detect(LoadedModel model, SKBitmap bitmap, TextFeatures text, int classCount, DetectionLimits limits)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var size = 3 * h * w;
        var pixels = ArrayPool<float>.Shared.Rent(size);
        try
        {
            using (var fitted = Preprocess.Resize(bitmap, w, h))
            {
                Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, pixels);
            }

            var meta = model.Session.InputMetadata;
            using var img = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, size), [1, 3, h, w]);
            using var labels = OrtValue.CreateTensorValueFromMemory(text.Labels, [text.LabelCount, 1, text.Dim]);
            using var task = OrtValue.CreateTensorValueFromMemory(text.Tokens, [text.TokenCount, 1, text.Dim]);
            using var mask = MaskValue(meta.TryGetValue("task_mask", out var mm) ? mm.ElementDataType : TensorElementType.Float, text.Mask);
            var names = new List<string> { model.InputName, "label_feats", "task_feats", "task_mask" };
            using var outputs = model.Session.Run(model.RunOptions, names, [img, labels, task, mask], [.. model.Session.OutputMetadata.Keys]);
            var list = outputs.ToList();
            var boxIndex = model.Session.OutputMetadata.Keys.ToList().FindIndex(n => n.Contains("box", StringComparison.OrdinalIgnoreCase));
            var (b, l) = boxIndex == 1 ? (list[1], list[0]) : (list[0], list[1]);
            return OmDetDecoder.Decode(
                b.GetTensorDataAsSpan<float>(), b.GetTensorTypeAndShape().Shape, l.GetTensorDataAsSpan<float>(), l.GetTensorTypeAndShape().Shape,
                classCount, bitmap.Width, bitmap.Height, model.Manifest.Thresholds.TopK, limits.Score, limits.Iou, limits.MaxDetections);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    private static OrtValue MaskValue(TensorElementType type, float[] mask) => type switch
    {
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(mask.Select(v => (long)v).ToArray(), [1, mask.Length]),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(mask.Select(v => (int)v).ToArray(), [1, mask.Length]),
        TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(mask.Select(v => v != 0).ToArray(), [1, mask.Length]),
        _ => OrtValue.CreateTensorValueFromMemory(mask, [1, mask.Length]),
    };
}
