using IntegrationHub.Plugins.TunnelInspection.Defects;

namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>
/// Turns one photograph into findings: crack tiles from the classifier, measured by <see cref="CrackGeometry"/>
/// (the longest crack of the photo is its crack finding), and the largest wet stain and spall of the image rules.
/// </summary>
public sealed class ImageInspector(ICrackClassifier classifier, SurfaceDefects surface)
{
    public async Task<(List<Finding> Findings, int Width, int Height)> InspectAsync(string path, double mmPerPixel, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var image = GrayImage.Load(path);
        var findings = new List<Finding>();
        var tiles = await classifier.FindCracksAsync(bytes, image.Width, image.Height, cancellationToken);
        var cracks = tiles.Select(t => (Tile: t, Measure: CrackGeometry.Measure(image, t.Box))).ToList();
        if (cracks.Count > 0)
        {
            var (tile, measure) = cracks.MaxBy(c => c.Measure?.LengthPx ?? 0);
            var measurements = measure is null
                ? new Dictionary<string, double> { ["score"] = Math.Round(tile.Score, 3) }
                : new Dictionary<string, double>
                {
                    [Grading.LengthMm] = Math.Round(measure.LengthPx * mmPerPixel, 1),
                    [Grading.MaxWidthMm] = Math.Round(measure.MaxWidthPx * mmPerPixel, 2),
                    [Grading.MeanWidthMm] = Math.Round(measure.MeanWidthPx * mmPerPixel, 2),
                    ["score"] = Math.Round(tile.Score, 3),
                };
            findings.Add(new Finding("crack", measurements, tile.Box, measure?.CentreLine.Select(p => new[] { p.X, p.Y }).ToList()));
        }

        foreach (var found in surface.Find(image).GroupBy(f => f.Type).Select(g => g.MaxBy(f => f.AreaPx)!))
        {
            var area = found.AreaPx * mmPerPixel * mmPerPixel / 1e6;
            findings.Add(new Finding(found.Type, new Dictionary<string, double> { [Grading.AreaM2] = Math.Round(area, 5) }, found.Box));
        }

        return (findings, image.Width, image.Height);
    }
}
