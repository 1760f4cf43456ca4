using System.Globalization;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Detectors;

namespace IntegrationHub.Perception.Tasks;

/// <summary>Detection: picks the detector for the model's format and maps its candidates to the contract.</summary>
public sealed class DetectHandler(ImageRequests requests, IEnumerable<IDetector> detectors)
{
    private readonly IDetector[] _detectors = [.. detectors];

    public Task<DetectReply> HandleAsync(DetectRequest request, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request.Model,
            request.Images,
            ["detect"],
            async model =>
            {
                var m = model.Manifest;
                var limits = new DetectionLimits(
                    request.ScoreThreshold ?? m.Thresholds.Score, request.IouThreshold ?? m.Thresholds.Iou, request.MaxDetections ?? m.Thresholds.MaxDetections);
                IReadOnlyList<string> labels = request.ClassNames is { Count: > 0 } names ? names : model.Labels;
                var detector = _detectors.First(d => d.Accepts(m));
                var detect = await detector.PrepareAsync(model, labels, limits, cancellationToken);
                return async (image, bitmap) =>
                {
                    var found = await detect(bitmap);
                    return new ImageDetections(image.Id, bitmap.Width, bitmap.Height, [.. found.Select(c => new Detection(
                        c.ClassId < labels.Count ? labels[c.ClassId] : c.ClassId.ToString(CultureInfo.InvariantCulture),
                        c.ClassId, c.Score, new BoundingBox(c.X1, c.Y1, c.X2 - c.X1, c.Y2 - c.Y1)))]);
                };
            },
            (image, error) => new ImageDetections(image.Id, 0, 0, [], error),
            (results, meta, error) => new DetectReply(results, meta, error),
            cancellationToken);
}
