using SkiaSharp;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>
/// The small images <c>hub bench e2e</c> sends with its probes, rendered here (no dataset files): each a different
/// background, shape and colour, 96×96 PNG (a few KB), so a probe costs the perception worker one decode and one
/// embedding, not a photo's worth of pixels.
/// </summary>
public static class ProbeImages
{
    public const int Side = 96;

    public static IReadOnlyList<byte[]> Render(int count)
    {
        var random = new Random(20261201);
        var images = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            using var bitmap = new SKBitmap(Side, Side);
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { IsAntialias = true, Color = RandomColour(random) })
            {
                canvas.Clear(RandomColour(random));
                var size = random.Next(Side / 4, Side / 2);
                var (x, y) = (random.Next(Side - size), random.Next(Side - size));
                switch (i % 3)
                {
                    case 0:
                        canvas.DrawCircle(x + size / 2f, y + size / 2f, size / 2f, paint);
                        break;
                    case 1:
                        canvas.DrawRect(x, y, size, size, paint);
                        break;
                    default:
                        paint.StrokeWidth = 6;
                        canvas.DrawLine(x, y, x + size, y + size, paint);
                        break;
                }
            }

            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            images.Add(png.ToArray());
        }

        return images;
    }

    private static SKColor RandomColour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
