using IntegrationHub.Plugins.TunnelInspection.Defects;
using SkiaSharp;

namespace IntegrationHub.Plugins.TunnelInspection.Reports;

/// <summary>A defect's photograph with its box and (cracks) centre-line overlay, as PNG, scaled to a report's width.</summary>
public sealed class AnnotatedImages(PluginDataFolder folder)
{
    public byte[]? RenderPng(Defect defect, int maxWidth = 480)
    {
        var path = folder.Resolve(defect.Image.File);
        using var photo = File.Exists(path) ? SKBitmap.Decode(path) : null;
        if (photo is null)
        {
            return null;
        }

        var scale = Math.Min(1f, maxWidth / (float)photo.Width);
        var info = new SKImageInfo((int)(photo.Width * scale), (int)(photo.Height * scale));
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Scale(scale);
        canvas.DrawBitmap(photo, 0, 0);
        using var box = new SKPaint { Color = Colour(defect.Type), Style = SKPaintStyle.Stroke, StrokeWidth = 3 / scale, IsAntialias = true };
        var b = defect.Image.Box;
        canvas.DrawRect(b.X, b.Y, b.Width, b.Height, box);
        if (defect.Image.Skeleton is { Count: > 0 } skeletonPoints)
        {
            // The worker's skeleton points are samples of the crack's pixels, not a path in order: drawn as dots.
            using var skeleton = new SKPaint { Color = SKColors.Yellow, Style = SKPaintStyle.Fill, IsAntialias = true };
            foreach (var p in skeletonPoints)
            {
                canvas.DrawCircle(p[0], p[1], 1.5f / scale, skeleton);
            }
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 90);
        return png.ToArray();
    }

    private static SKColor Colour(string type) => type switch
    {
        "crack" => SKColors.Red,
        "leakage" => SKColors.DeepSkyBlue,
        _ => SKColors.Orange,
    };
}
