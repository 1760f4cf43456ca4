using SkiaSharp;

namespace IntegrationHub.Perception.Imaging;

/// <summary>
/// Cuts a text region out of an image as an upright line image: a perspective transform maps the quadrilateral onto a
/// Width×Height rectangle (PaddleOCR's get_rotate_crop_image), edge pixels repeated beyond the image border.
/// </summary>
public static class LineCrop
{
    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.CatmullRom);

    public static SKBitmap Crop(SKBitmap source, Quad quad)
    {
        var (w, h) = (Math.Max(1, (int)MathF.Round(quad.Width)), Math.Max(1, (int)MathF.Round(quad.Height)));
        var cropToSource = UnitSquareTo(quad).PreConcat(SKMatrix.CreateScale(1f / w, 1f / h));
        if (!cropToSource.TryInvert(out var sourceToCrop))
        {
            sourceToCrop = SKMatrix.CreateTranslation(-quad.Bounds.Left, -quad.Bounds.Top);
        }

        using var image = SKImage.FromBitmap(source);
        using var shader = image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, Sampling, sourceToCrop);
        using var paint = new SKPaint { Shader = shader };
        return Draw(w, h, canvas => canvas.DrawRect(0, 0, w, h, paint));
    }

    /// <summary>Turned a quarter counter-clockwise (numpy's rot90): a top-to-bottom line then runs left to right.</summary>
    public static SKBitmap RotateCounterClockwise(SKBitmap source) =>
        Draw(source.Height, source.Width, canvas =>
        {
            canvas.Translate(0, source.Width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(source, 0, 0);
        });

    public static SKBitmap RotateHalfTurn(SKBitmap source) =>
        Draw(source.Width, source.Height, canvas =>
        {
            canvas.RotateDegrees(180, source.Width / 2f, source.Height / 2f);
            canvas.DrawBitmap(source, 0, 0);
        });

    /// <summary>The projective map of the unit square's corners onto the quad's (Heckbert's closed form).</summary>
    private static SKMatrix UnitSquareTo(Quad q)
    {
        var (p0, p1, p2, p3) = (q.TopLeft, q.TopRight, q.BottomRight, q.BottomLeft);
        var (sx, sy) = (p0.X - p1.X + p2.X - p3.X, p0.Y - p1.Y + p2.Y - p3.Y);
        var (g, h) = (0f, 0f);
        if (Math.Abs(sx) > 1e-4f || Math.Abs(sy) > 1e-4f)
        {
            var (dx1, dx2, dy1, dy2) = (p1.X - p2.X, p3.X - p2.X, p1.Y - p2.Y, p3.Y - p2.Y);
            var den = dx1 * dy2 - dx2 * dy1;
            if (Math.Abs(den) > 1e-6f)
            {
                (g, h) = ((sx * dy2 - dx2 * sy) / den, (dx1 * sy - sx * dy1) / den);
            }
        }

        return new SKMatrix(
            p1.X - p0.X + g * p1.X, p3.X - p0.X + h * p3.X, p0.X,
            p1.Y - p0.Y + g * p1.Y, p3.Y - p0.Y + h * p3.Y, p0.Y,
            g, h, 1);
    }

    private static SKBitmap Draw(int width, int height, Action<SKCanvas> draw)
    {
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        draw(canvas);
        canvas.Flush();
        return target;
    }
}
