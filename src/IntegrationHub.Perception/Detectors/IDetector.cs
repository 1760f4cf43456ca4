using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Detectors;

/// <summary>Score and IoU thresholds and the most boxes kept, per request (the manifest's unless overridden).</summary>
public readonly record struct DetectionLimits(float Score, float Iou, int MaxDetections);

/// <summary>
/// One detector output format: prepares a model for a request (e.g. encodes class names) and returns the per-image
/// detection, which preprocesses, runs the network and decodes its output with the format's decoder in <c>Decoding/</c>.
/// </summary>
public interface IDetector
{
    bool Accepts(ModelManifest manifest);

    Task<Func<SKBitmap, Task<List<Candidate>>>> PrepareAsync(
        LoadedModel model, IReadOnlyList<string> labels, DetectionLimits limits, CancellationToken cancellationToken);
}
