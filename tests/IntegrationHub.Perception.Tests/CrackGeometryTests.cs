using IntegrationHub.Contracts.Workers.Perception;
using SkiaSharp;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

/// <summary>
/// <c>perception.measure-cracks</c>: drawn cracks of known length and width on a noisy, unevenly lit surface
/// (measurement error printed), and the real photographs (how often a skeleton is found on crack and clean tiles).
/// </summary>
[Collection(PerceptionCollection.Name)]
public sealed class CrackGeometryTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<float, float, float> DrawnCracks => new()
    {
        { 2f, 300f, 0f },
        { 3f, 260f, 35f },
        { 5f, 320f, 60f },
        { 8f, 280f, 90f },
        { 12f, 300f, 20f },
    };

    [Theory]
    [MemberData(nameof(DrawnCracks))]
    public async Task A_drawn_crack_is_measured_within_tolerance(float width, float length, float degrees)
    {
        using var surface = Surface(640, 480, seed: (int)(width * 10 + degrees));
        using (var canvas = new SKCanvas(surface))
        using (var paint = new SKPaint { Color = new SKColor(60, 58, 55), StrokeWidth = width, IsAntialias = true, StrokeCap = SKStrokeCap.Butt })
        {
            var (dx, dy) = (MathF.Cos(degrees * MathF.PI / 180) * length / 2, MathF.Sin(degrees * MathF.PI / 180) * length / 2);
            canvas.DrawLine(320 - dx, 240 - dy, 320 + dx, 240 + dy, paint);
        }

        var reply = await fixture.Perception.MeasureCracksAsync(new MeasureCracksRequest([new ImageInput("drawn", PerceptionFixture.Png(surface))], MillimetresPerPixel: 0.5));

        Assert.Null(reply.Error);
        var crack = Assert.Single(Assert.Single(reply.Results).Cracks);
        var lengthError = (crack.LengthPx - length) / length;
        var widthError = crack.MeanWidthPx - width;
        output.WriteLine(
            $"drawn {width} px × {length} px at {degrees}°: length {crack.LengthPx:F1} px ({lengthError:P1}), mean width {crack.MeanWidthPx:F2} px ({widthError:+0.00;-0.00} px), " +
            $"max width {crack.MaxWidthPx:F2} px; {crack.LengthMm:F1} mm × {crack.MeanWidthMm:F2} mm at 0.5 mm/px; {crack.Skeleton.Count} skeleton points");
        Assert.InRange(lengthError, -0.08, 0.08);
        Assert.InRange(widthError, -Math.Max(1, width * 0.2), Math.Max(1, width * 0.2));
        Assert.InRange(crack.MaxWidthPx, crack.MeanWidthPx, width + 3);
        Assert.Equal(crack.LengthPx * 0.5, crack.LengthMm!.Value, 6);
        Assert.NotEmpty(crack.Skeleton);
    }

    [Fact]
    public async Task A_surface_without_a_crack_has_none()
    {
        using var surface = Surface(640, 480, seed: 3);
        var reply = await fixture.Perception.MeasureCracksAsync(new MeasureCracksRequest([new ImageInput("plain", PerceptionFixture.Png(surface))]));
        Assert.Empty(Assert.Single(reply.Results).Cracks);
    }

    [SkippableFact]
    public async Task Real_crack_tiles_have_a_skeleton_and_clean_tiles_mostly_do_not()
    {
        Skip.If(CrackPhotos.Root is null, CrackPhotos.Missing);
        var crackRate = await FoundRateAsync(CrackPhotos.Test(true, 60, every: 8));
        var cleanRate = await FoundRateAsync(CrackPhotos.Test(false, 60, every: 8));

        output.WriteLine($"crack skeleton found on {crackRate:P0} of 60 crack tiles and on {cleanRate:P0} of 60 clean tiles");
        // Measured 78 % and 8 % (docs/benchmarks.md); faint hairline cracks under Cracks:MinContrast are the misses.
        Assert.True(crackRate >= 0.75, $"crack tiles with a skeleton: {crackRate:P0}");
        Assert.True(cleanRate <= 0.15, $"clean tiles with a skeleton: {cleanRate:P0}");
    }

    [Fact]
    public async Task A_bad_scale_is_refused_for_the_request()
    {
        var reply = await fixture.Perception.MeasureCracksAsync(new MeasureCracksRequest([new ImageInput("a", PerceptionFixture.SolidPng(10, 10, SKColors.Gray))], MillimetresPerPixel: -1));
        Assert.Equal(PerceptionErrors.RequestInvalid, reply.Error?.Code);
    }

    private async Task<double> FoundRateAsync(IReadOnlyList<string> photos)
    {
        var reply = await fixture.Perception.MeasureCracksAsync(new MeasureCracksRequest([.. photos.Select(p => new ImageInput(p, File.ReadAllBytes(p)))]));
        Assert.Null(reply.Error);
        Assert.All(reply.Results, r => Assert.Null(r.Error));
        return reply.Results.Count(r => r.Cracks.Count > 0) / (double)photos.Count;
    }

    /// <summary>A concrete-like surface: grey with a brightness gradient and pixel noise.</summary>
    public static SKBitmap Surface(int width, int height, int seed)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(width, height);
        var pixels = new SKColor[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 150 + 40 * x / width + 15 * y / height + (random.NextDouble() - 0.5) * 24;
                var g = (byte)Math.Clamp(v, 0, 255);
                pixels[y * width + x] = new SKColor(g, g, (byte)Math.Clamp(v - 6, 0, 255));
            }
        }

        bitmap.Pixels = pixels;
        return bitmap;
    }
}
