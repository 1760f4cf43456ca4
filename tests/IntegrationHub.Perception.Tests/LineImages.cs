using SkiaSharp;

namespace IntegrationHub.Perception.Tests;

/// <summary>Single rendered text lines and the distortions field photos add to them: rotation, perspective, blur, noise, JPEG.</summary>
internal static class LineImages
{
    /// <summary>Chinese and English lines, alternating sans and serif faces.</summary>
    public static readonly (string Text, bool Serif)[] Samples =
    [
        ("隧道衬砌裂缝宽度0.3毫米", false),
        ("Tunnel lining crack width 0.3mm", true),
        ("主变压器油温正常", true),
        ("Substation inspection report", false),
        ("发现绝缘子破损一处", false),
        ("Repair crew arrived on site", true),
        ("计划停电时间上午九点至下午五点", true),
        ("Planned outage 09:00 to 17:00", false),
    ];

    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>One dark line on a light background with a margin around it.</summary>
    public static SKBitmap Render(string text, bool serif, float size = 34)
    {
        using var typeface = TestImages.CjkTypeface(serif);
        using var font = new SKFont(typeface, size);
        var width = (int)font.MeasureText(text) + 120;
        var height = (int)(size * 3);
        return Draw(width, height, canvas =>
        {
            using var paint = new SKPaint { Color = new SKColor(25, 25, 30), IsAntialias = true };
            canvas.DrawText(text, 60, height / 2f + size * 0.35f, SKTextAlign.Left, font, paint);
        });
    }

    /// <summary>The characters one under another, each upright: a vertical Chinese line.</summary>
    public static SKBitmap RenderColumn(string text, float size = 34)
    {
        using var typeface = TestImages.CjkTypeface(serif: false);
        using var font = new SKFont(typeface, size);
        var step = size * 1.1f;
        return Draw((int)(size * 3), (int)(step * text.Length + size * 2), canvas =>
        {
            using var paint = new SKPaint { Color = new SKColor(25, 25, 30), IsAntialias = true };
            for (var i = 0; i < text.Length; i++)
            {
                canvas.DrawText(text[i].ToString(), size * 1.5f, size + step * (i + 0.85f), SKTextAlign.Center, font, paint);
            }
        });
    }

    /// <summary>Turned by <paramref name="degrees"/> (clockwise) about the centre onto a canvas that holds all of it.</summary>
    public static SKBitmap Rotate(SKBitmap source, float degrees)
    {
        var r = degrees * MathF.PI / 180;
        var (c, s) = (MathF.Abs(MathF.Cos(r)), MathF.Abs(MathF.Sin(r)));
        var (w, h) = ((int)MathF.Ceiling(source.Width * c + source.Height * s), (int)MathF.Ceiling(source.Width * s + source.Height * c));
        return Draw(w, h, canvas =>
        {
            canvas.Translate(w / 2f, h / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Translate(-source.Width / 2f, -source.Height / 2f);
            DrawImage(canvas, source);
        });
    }

    /// <summary>Seen from below and to the side: the top edge shorter than the bottom and shifted, as a photo taken at an angle.</summary>
    public static SKBitmap Perspective(SKBitmap source, float squeeze = 0.12f)
    {
        var (w, h) = ((float)source.Width, (float)source.Height);
        var matrix = new SKMatrix(1, -0.08f, 0, 0.03f, 1, 0, squeeze / w * 0.6f, 0, 1);
        return Draw((int)(w * 1.1f), (int)(h * 1.6f), canvas =>
        {
            canvas.Translate(0, h * 0.3f);
            canvas.Concat(in matrix);
            DrawImage(canvas, source);
        });
    }

    /// <summary>Resized by <paramref name="factor"/>: smaller text, as a line photographed from further away.</summary>
    public static SKBitmap Scaled(SKBitmap source, float factor) =>
        Draw((int)(source.Width * factor), (int)(source.Height * factor), canvas =>
        {
            canvas.Scale(factor);
            DrawImage(canvas, source);
        });

    public static SKBitmap Blur(SKBitmap source, float sigma) =>
        Draw(source.Width, source.Height, canvas =>
        {
            using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, Sampling, paint);
        });

    /// <summary>Gaussian noise of standard deviation <paramref name="sigma"/> grey levels on every channel, seeded.</summary>
    public static SKBitmap Noise(SKBitmap source, float sigma, int seed)
    {
        var result = source.Copy(SKColorType.Rgba8888);
        var random = new Random(seed);
        var pixels = result.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                pixels[i] = (byte)Math.Clamp(pixels[i] + g * sigma, 0, 255);
            }
        }

        return result;
    }

    private static void DrawImage(SKCanvas canvas, SKBitmap source)
    {
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, Sampling);
    }

    private static SKBitmap Draw(int width, int height, Action<SKCanvas> draw)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(238, 236, 228));
        draw(canvas);
        canvas.Flush();
        return bitmap;
    }
}
