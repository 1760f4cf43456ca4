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
        if (defect.Image.CentreLine is { Count: > 1 } line)
        {
            using var skeleton = new SKPaint { Color = SKColors.Yellow, Style = SKPaintStyle.Stroke, StrokeWidth = 2 / scale, IsAntialias = true };
            using var path2 = new SKPath();
            path2.MoveTo(line[0][0], line[0][1]);
            foreach (var p in line.Skip(1))
            {
                path2.LineTo(p[0], p[1]);
            }

            canvas.DrawPath(path2, skeleton);
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
