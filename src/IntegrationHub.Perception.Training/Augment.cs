using SkiaSharp;

namespace IntegrationHub.Perception.Training;

/// <summary>
/// Light augmentation for training: flips, quarter turns and small tilts with sensor noise, so the head sees the
/// crack directions and the slightly rotated, noisy field photos it will meet, not only the tiles as shot.
/// </summary>
public static class Augment
{
    /// <summary>The tile itself, then <paramref name="extra"/> variants drawn with <paramref name="random"/>.</summary>
    public static IEnumerable<SKBitmap> Variants(SKBitmap tile, int extra, Random random)
    {
        yield return tile.Copy();
        for (var i = 0; i < extra; i++)
        {
            var flipX = random.Next(2) == 1;
            var flipY = random.Next(2) == 1;
            var tilt = (float)(random.NextDouble() * 30 - 15);
            var noise = random.NextDouble() < 0.5 ? (float)(random.NextDouble() * 12) : 0f;
            yield return Transform(tile, flipX, flipY, tilt, noise, random);
        }
    }

    /// <summary>Flipped, rotated by <paramref name="degrees"/> about the centre and zoomed just enough to leave no empty corner, plus Gaussian noise (σ in grey levels).</summary>
    public static SKBitmap Transform(SKBitmap tile, bool flipX, bool flipY, float degrees, float noiseSigma, Random random)
    {
        var (w, h) = (tile.Width, tile.Height);
        var target = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(target))
        {
            var radians = Math.Abs(degrees) * MathF.PI / 180f;
            var zoom = MathF.Cos(radians) + MathF.Sin(radians) * Math.Max((float)w / h, (float)h / w);
            canvas.Translate(w / 2f, h / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Scale(zoom * (flipX ? -1 : 1), zoom * (flipY ? -1 : 1));
            canvas.Translate(-w / 2f, -h / 2f);
            using var image = SKImage.FromBitmap(tile);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        if (noiseSigma > 0)
        {
            AddNoise(target, noiseSigma, random);
        }

        return target;
    }

    public static void AddNoise(SKBitmap bitmap, float sigma, Random random)
    {
        var pixels = bitmap.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            var n = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * sigma);
            pixels[i] = new SKColor(Clamp(p.Red + n), Clamp(p.Green + n), Clamp(p.Blue + n), p.Alpha);
        }

        bitmap.Pixels = pixels;
    }

    private static byte Clamp(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);
}
