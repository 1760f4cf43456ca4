using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Detectors;

/// <summary>Closed-vocabulary YOLO detectors (every format but OmDet): letterbox, batched run, <see cref="YoloDecoder"/>.</summary>
public sealed class YoloDetector : IDetector
{
    public bool Accepts(ModelManifest manifest) => !OmDetDetector.IsOmDet(manifest);

    public Task<Func<SKBitmap, Task<List<Candidate>>>> PrepareAsync(
        LoadedModel model, IReadOnlyList<string> labels, DetectionLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult<Func<SKBitmap, Task<List<Candidate>>>>(bitmap => DetectAsync(model, bitmap, labels.Count, limits, cancellationToken));

    private static async Task<List<Candidate>> DetectAsync(LoadedModel model, SKBitmap bitmap, int classCount, DetectionLimits limits, CancellationToken cancellationToken)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var input = model.Runner!.RentInput();
        Transform transform;
        try
        {
            var (fitted, t) = Preprocess.Fit(bitmap, w, h, model.Manifest.Input.Resize, model.Manifest.Input.PadValue);
            using (fitted)
            {
                Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, input);
            }

            transform = t;
        }
        catch
        {
            model.Runner.Abandon(input);
            throw;
        }

        using var result = await model.Runner.RunAsync(input, cancellationToken);
        var index = model.OutputIndex();
        return YoloDecoder.Decode(
            result.Output(index), result.Shapes[index], classCount, transform, limits.Score, limits.Iou, limits.MaxDetections, model.Manifest.OutputLayout);
    }
}
