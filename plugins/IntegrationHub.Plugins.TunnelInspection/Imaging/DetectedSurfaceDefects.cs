using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>
/// Wet stains and spalls by the user's open-vocabulary detector (<c>Detector:Model</c>, an OmDet-Turbo-style model in
/// the perception worker) instead of the image rules: the worker is asked for the configured class names
/// (<c>Detector:Labels</c>, defect type → prompt), and each detection of one of them is a finding of its type, its area
/// the box's (a detector gives boxes, not outlines).
/// </summary>
public sealed class DetectedSurfaceDefects(IWorkerClient worker, TunnelInspectionOptions options) : ISurfaceFinder
{
    public async Task<IReadOnlyList<SurfaceFinding>> FindAsync(byte[] photo, GrayImage image, CancellationToken cancellationToken)
    {
        var detector = options.Detector;
        var reply = await worker.RequestAsync<DetectRequest, DetectReply>(
            new DetectRequest(detector.Model!, [new ImageInput("photo", photo)], [.. detector.Labels.Values], (float)detector.Score),
            options.PerceptionTimeout, cancellationToken);
        var typeOf = detector.Labels.ToDictionary(l => l.Value, l => l.Key, StringComparer.Ordinal);
        return [.. PerceptionReplies.Single(reply.Error, reply.Results, r => r.Error).Detections
            .Where(d => typeOf.ContainsKey(d.Label))
            .Select(d => new SurfaceFinding(typeOf[d.Label], PerceptionReplies.ToPixels(d.Box), (double)d.Box.Width * d.Box.Height, d.Score))];
    }
}
