using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>A crack the perception worker located (the classifier's tile and score) and measured (null when its geometry found no crack line there).</summary>
public sealed record LocatedCrack(PixelBox Tile, double Score, CrackMeasurement? Measure);

/// <summary>
/// Cracks by the perception worker over the bus, the plugin doing no image processing of its own: the configured tile
/// classifier (<c>CrackModel</c>) locates the crack tiles (<see cref="LocateRequest"/>: a sliding window at the model's
/// trained tile size), and crack geometry (<see cref="MeasureCracksRequest"/>) measures the cracks in those tiles at
/// the image's scale.
/// </summary>
public sealed class PerceptionCracks(IWorkerClient worker, TunnelInspectionOptions options)
{
    public async Task<IReadOnlyList<LocatedCrack>> FindAsync(byte[] image, double mmPerPixel, CancellationToken cancellationToken)
    {
        var located = await worker.RequestAsync<LocateRequest, LocateReply>(
            new LocateRequest(options.CrackModel, [new ImageInput("photo", image)], [options.CrackLabel], (float)options.CrackScore),
            options.PerceptionTimeout, cancellationToken);
        var tiles = PerceptionReplies.Single(located.Error, located.Results, r => r.Error).Detections
            .Select(d => (Tile: PerceptionReplies.ToPixels(d.Box), d.Score)).ToList();
        if (tiles.Count == 0)
        {
            return [];
        }

        var measured = await worker.RequestAsync<MeasureCracksRequest, MeasureCracksReply>(
            new MeasureCracksRequest([new ImageInput("photo", image)], [.. tiles.Select(t => PerceptionReplies.ToBox(t.Tile))], mmPerPixel),
            options.PerceptionTimeout, cancellationToken);
        var cracks = PerceptionReplies.Single(measured.Error, measured.Results, r => r.Error).Cracks;
        return [.. tiles.Select(t => new LocatedCrack(t.Tile, t.Score, cracks.Where(c => Inside(c.Box, t.Tile)).MaxBy(c => c.LengthPx)))];
    }

    private static bool Inside(BoundingBox box, PixelBox tile) =>
        box.X + box.Width / 2 >= tile.X && box.X + box.Width / 2 < tile.Right && box.Y + box.Height / 2 >= tile.Y && box.Y + box.Height / 2 < tile.Bottom;
}
