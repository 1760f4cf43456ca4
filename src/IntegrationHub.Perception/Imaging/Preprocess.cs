using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Imaging;

/// <summary>How a source image maps onto the network input, to map boxes back.</summary>
public readonly record struct Transform(float ScaleX, float ScaleY, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    public (float X, float Y) ToSource(float x, float y) => ((x - PadX) / ScaleX, (y - PadY) / ScaleY);
}

/// <summary>Resizing and tensor packing. All resizing goes through SkiaSharp with linear sampling.</summary>
public static class Preprocess
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Draws <paramref name="source"/> (or its <paramref name="crop"/>) into a new width×height bitmap.</summary>
    public static SKBitmap Resize(SKBitmap source, int width, int height, SKRect? crop = null, SKRect? dest = null, byte fill = 0)
    {
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(new SKColor(fill, fill, fill));
        using var image = SKImage.FromBitmap(source);
        using var paint = new SKPaint();
        canvas.DrawImage(image, crop ?? new SKRect(0, 0, source.Width, source.Height), dest ?? new SKRect(0, 0, width, height), Sampling, paint);
        canvas.Flush();
        return target;
    }

    /// <summary>Plain resize or letterbox to the model input size.</summary>
    public static (SKBitmap Bitmap, Transform Transform) Fit(SKBitmap source, int width, int height, string mode, byte pad)
    {
        if (string.Equals(mode, "letterbox", StringComparison.OrdinalIgnoreCase))
        {
            var r = Math.Min((float)width / source.Width, (float)height / source.Height);
            var (nw, nh) = (source.Width * r, source.Height * r);
            var (px, py) = ((width - nw) / 2f, (height - nh) / 2f);
            return (Resize(source, width, height, dest: new SKRect(px, py, px + nw, py + nh), fill: pad), new Transform(r, r, px, py, source.Width, source.Height));
        }

        return (Resize(source, width, height), new Transform((float)width / source.Width, (float)height / source.Height, 0, 0, source.Width, source.Height));
    }

    /// <summary>Writes an RGBA bitmap as normalised CHW floats into <paramref name="destination"/> (3·H·W values).</summary>
    public static void ToChw(SKBitmap bitmap, Normalization n, bool bgr, Span<float> destination)
    {
        var (w, h) = (bitmap.Width, bitmap.Height);
        var plane = w * h;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        var pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        Span<float> mul = stackalloc float[3];
        Span<float> add = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            mul[c] = n.Scale / n.Std[c];
            add[c] = -n.Mean[c] / n.Std[c];
        }

        var (c0, c2) = bgr ? (2, 0) : (0, 2);
        var d0 = destination[..plane];
        var d1 = destination.Slice(plane, plane);
        var d2 = destination.Slice(2 * plane, plane);
        for (var y = 0; y < h; y++)
        {
            var row = pixels.Slice(y * rowBytes, w * 4);
            var o = y * w;
            for (var x = 0; x < w; x++)
            {
                var p = x * 4;
                d0[o + x] = row[p + c0] * mul[0] + add[0];
                d1[o + x] = row[p + 1] * mul[1] + add[1];
                d2[o + x] = row[p + c2] * mul[2] + add[2];
            }
        }
    }

    /// <summary>A requested region clipped to the image; a region outside it is a bad request.</summary>
    public static SKRect Region(BoundingBox box, SKBitmap bitmap)
    {
        var rect = SKRect.Intersect(new SKRect(box.X, box.Y, box.X + box.Width, box.Y + box.Height), new SKRect(0, 0, bitmap.Width, bitmap.Height));
        return rect.Width >= 1 && rect.Height >= 1
            ? rect
            : throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Region {box} does not overlap the {bitmap.Width}×{bitmap.Height} image.");
    }
}
