using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Ocr;
using SkiaSharp;

namespace IntegrationHub.Perception.Tests;

/// <summary>The geometry the OCR crops rest on: minimum-area rectangles, corner order, crops, reading order.</summary>
public sealed class GeometryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-4)]
    [InlineData(90)]
    public void Min_area_rect_of_a_turned_rectangle_gives_back_its_size_and_a_reading_order_axis(float degrees)
    {
        var r = degrees * MathF.PI / 180;
        var axis = new SKPoint(MathF.Cos(r), MathF.Sin(r));
        var expected = Quad.FromAxes(new SKPoint(200, 120), axis, 80, 12);
        var points = Enumerable.Range(0, 50).Select(i => Lerp(expected.TopLeft, expected.BottomRight, i / 49f))
            .Concat(expected.Corners).Concat([Lerp(expected.TopLeft, expected.TopRight, 0.3f)]).ToList();

        var found = MinAreaRect.Of(points);

        var (wide, high) = degrees == 90 ? (12f, 80f) : (80f, 12f);
        Assert.Equal(wide, found.HalfWidth, 0.01f);
        Assert.Equal(high, found.HalfHeight, 0.01f);
        Assert.True(found.Axis.X >= MathF.Abs(found.Axis.Y), $"axis {found.Axis}");
        var quad = found.ToQuad();
        Assert.True(quad.TopLeft.X < quad.TopRight.X && quad.TopLeft.Y < quad.BottomLeft.Y);
    }

    [Fact]
    public void Crop_of_a_turned_quad_is_upright_and_holds_what_the_quad_covered()
    {
        using var source = new SKBitmap(new SKImageInfo(300, 200, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(source))
        {
            canvas.Clear(SKColors.White);
            canvas.RotateDegrees(10, 150, 100);
            canvas.DrawRect(new SKRect(50, 80, 250, 120), new SKPaint { Color = SKColors.Black });
        }

        var quad = Quad.FromAxes(new SKPoint(150, 100), new SKPoint(MathF.Cos(MathF.PI / 18), MathF.Sin(MathF.PI / 18)), 90, 15);
        using var crop = LineCrop.Crop(source, quad);

        Assert.Equal((180, 30), (crop.Width, crop.Height));
        Assert.All(new[] { crop.GetPixel(3, 3), crop.GetPixel(176, 26), crop.GetPixel(90, 15) }, p => Assert.True(p.Red < 60, $"{p}"));
    }

    [Fact]
    public void Reading_order_is_rows_top_to_bottom_then_left_to_right()
    {
        var right = Quad.FromRect(new SKRect(300, 14, 400, 40));
        var left = Quad.FromRect(new SKRect(10, 10, 200, 40));
        var below = Quad.FromRect(new SKRect(5, 60, 200, 90));

        Assert.Equal([left, right, below], TextDetector.InReadingOrder([below, right, left]));
    }

    private static SKPoint Lerp(SKPoint a, SKPoint b, float t) => new(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);
}
