using IntegrationHub.Plugins.TunnelInspection.Defects;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>
/// Turns one photograph into findings: cracks located and measured by the perception worker (<see cref="PerceptionCracks"/>;
/// the longest crack of the photo is its crack finding), and the largest wet stain and spall of the image rules or of
/// the configured detector (<see cref="ISurfaceFinder"/>).
/// </summary>
public sealed class ImageInspector(PerceptionCracks cracks, ISurfaceFinder surface)
{
    public async Task<(List<Finding> Findings, int Width, int Height)> InspectAsync(string path, double mmPerPixel, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var image = GrayImage.Load(path);
        var findings = new List<Finding>();
        var cracksFound = cracks.FindAsync(bytes, mmPerPixel, cancellationToken);
        var surfaceFound = surface.FindAsync(bytes, image, cancellationToken);
        await Task.WhenAll(cracksFound, surfaceFound);
        var located = await cracksFound;
        if (located.Count > 0)
        {
            var crack = located.MaxBy(c => c.Measure?.LengthPx ?? 0)!;
            var measurements = new Dictionary<string, double> { ["score"] = Math.Round(crack.Score, 3) };
            var box = crack.Tile;
            if (crack.Measure is { } measure)
            {
                measurements[Grading.LengthMm] = Math.Round(measure.LengthMm ?? measure.LengthPx * mmPerPixel, 1);
                measurements[Grading.MaxWidthMm] = Math.Round(measure.MaxWidthMm ?? measure.MaxWidthPx * mmPerPixel, 2);
                measurements[Grading.MeanWidthMm] = Math.Round(measure.MeanWidthMm ?? measure.MeanWidthPx * mmPerPixel, 2);
                box = new PixelBox((int)measure.Box.X, (int)measure.Box.Y, (int)Math.Ceiling(measure.Box.Width), (int)Math.Ceiling(measure.Box.Height));
            }

            findings.Add(new Finding("crack", measurements, box, crack.Measure?.Skeleton.Select(p => new[] { p.X, p.Y }).ToList()));
        }

        foreach (var found in (await surfaceFound).GroupBy(f => f.Type).Select(g => g.MaxBy(f => f.AreaPx)!))
        {
            var measurements = new Dictionary<string, double> { [Grading.AreaM2] = Math.Round(found.AreaPx * mmPerPixel * mmPerPixel / 1e6, 5) };
            if (found.Score is { } score)
            {
                measurements["score"] = Math.Round(score, 3);
            }

            findings.Add(new Finding(found.Type, measurements, found.Box));
        }

        return (findings, image.Width, image.Height);
    }
}
