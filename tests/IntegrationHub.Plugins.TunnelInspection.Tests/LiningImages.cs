using SkiaSharp;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>
/// Generated lining photographs (the size of the dataset's tiles): a concrete-grey surface with fine noise, and on it
/// a drawn crack of known width and length, a wet stain (darker, smoother) or a spall (coarse exposed aggregate).
/// </summary>
public static class LiningImages
{
    public const int Width = 227;
    public const int Height = 170;

    public static byte[] Clean(int seed) => Encode(Surface(seed));

    /// <summary>A straight crack of <paramref name="widthPx"/> × <paramref name="lengthPx"/> through the centre at <paramref name="angleDeg"/>.</summary>
    public static byte[] Crack(int seed, int widthPx, int lengthPx, double angleDeg)
    {
        using var bitmap = Surface(seed);
        return Draw(bitmap, widthPx, lengthPx, angleDeg);
    }

    /// <summary>The same crack drawn on a real photograph of clean concrete (what the classifier was trained on).</summary>
    public static byte[] CrackOn(string cleanPhoto, int widthPx, int lengthPx, double angleDeg)
    {
        using var bitmap = SKBitmap.Decode(cleanPhoto).Copy(SKColorType.Rgba8888);
        return Draw(bitmap, widthPx, lengthPx, angleDeg);
    }

    private static byte[] Draw(SKBitmap bitmap, int widthPx, int lengthPx, double angleDeg)
    {
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { Color = new SKColor(45, 45, 48), StrokeWidth = widthPx, IsAntialias = false, StrokeCap = SKStrokeCap.Butt };
        var (dx, dy) = (Math.Cos(angleDeg * Math.PI / 180) * lengthPx / 2, Math.Sin(angleDeg * Math.PI / 180) * lengthPx / 2);
        var (cx, cy) = (bitmap.Width / 2.0, bitmap.Height / 2.0);
        canvas.DrawLine((float)(cx - dx), (float)(cy - dy), (float)(cx + dx), (float)(cy + dy), paint);
        return Encode(bitmap);
    }

    /// <summary>A wet stain: an ellipse of <paramref name="rx"/> × <paramref name="ry"/> px at 55 % brightness, its noise damped.</summary>
    public static byte[] Stain(int seed, int rx, int ry)
    {
        using var bitmap = Surface(seed);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (u, v) = ((x - Width / 2.0) / rx, (y - Height / 2.0) / ry);
                if (u * u + v * v <= 1)
                {
                    var c = bitmap.GetPixel(x, y).Red;
                    var damp = (byte)Math.Clamp(0.55 * (150 + (c - 150) * 0.3), 0, 255);
                    bitmap.SetPixel(x, y, new SKColor(damp, damp, (byte)Math.Min(255, damp + 4)));
                }
            }
        }

        return Encode(bitmap);
    }

    /// <summary>A spall: a <paramref name="w"/> × <paramref name="h"/> px patch of exposed aggregate (2 px grains of random grey, deep shadows between).</summary>
    public static byte[] Spall(int seed, int w, int h)
    {
        using var bitmap = Surface(seed);
        var random = new Random(seed + 1000);
        var (x0, y0) = ((Width - w) / 2, (Height - h) / 2);
        for (var by = 0; by < h; by += 2)
        {
            for (var bx = 0; bx < w; bx += 2)
            {
                var grey = (byte)random.Next(25, 235);
                for (var y = by; y < Math.Min(h, by + 2); y++)
                {
                    for (var x = bx; x < Math.Min(w, bx + 2); x++)
                    {
                        bitmap.SetPixel(x0 + x, y0 + y, new SKColor(grey, grey, grey));
                    }
                }
            }
        }

        return Encode(bitmap);
    }

    public static byte[] Corrupt() => [0xFF, 0xD8, 0xFF, 0xE0, .. "this is not a JPEG at all"u8.ToArray(), 0x00, 0x13];

    private static SKBitmap Surface(int seed)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var shade = random.Next(-10, 10);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var noise = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 14;
                var v = (byte)Math.Clamp(165 + shade + noise + 6 * Math.Sin(x / 23.0) * Math.Cos(y / 17.0), 0, 255);
                bitmap.SetPixel(x, y, new SKColor(v, v, (byte)Math.Max(0, v - 6)));
            }
        }

        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
