using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Imaging;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

public sealed class ImageRulesTests(ITestOutputHelper output)
{
    [Fact]
    public void Drawn_cracks_measure_within_a_pixel_of_their_width_and_8_percent_of_their_length()
    {
        var worstWidth = 0.0;
        var worstLength = 0.0;
        foreach (var (width, length, angle) in new[] { (2, 80, 0.0), (3, 150, 20.0), (5, 120, -35.0), (8, 160, 60.0), (12, 140, 10.0), (4, 200, 5.0) })
        {
            var image = Load(LiningImages.Crack(width * 7 + length, width, length, angle));
            var measure = CrackGeometry.Measure(image, new PixelBox(0, 0, image.Width, image.Height));
            Assert.NotNull(measure);
            var (dw, dl) = (measure.MaxWidthPx - width, (measure.LengthPx - length) / length);
            output.WriteLine($"crack {width}px × {length}px at {angle}°: measured max width {measure.MaxWidthPx:0.0} (mean {measure.MeanWidthPx:0.0}), length {measure.LengthPx:0.0}; error width {dw:+0.0;-0.0} px, length {dl:+0.0%;-0.0%}");
            (worstWidth, worstLength) = (Math.Max(worstWidth, Math.Abs(dw)), Math.Max(worstLength, Math.Abs(dl)));
        }

        output.WriteLine($"worst: width {worstWidth:0.0} px, length {worstLength:0.0%}");
        Assert.True(worstWidth <= 1.5, $"width error {worstWidth:0.0} px");
        Assert.True(worstLength <= 0.08, $"length error {worstLength:0.0%}");
    }

    [Fact]
    public void Stains_are_leakage_spalls_are_spalling_and_cracks_or_clean_surfaces_are_neither()
    {
        var rules = new SurfaceDefects(new SurfaceRules());
        for (var seed = 1; seed <= 3; seed++)
        {
            Assert.Equal(["leakage"], rules.Find(Load(LiningImages.Stain(seed, 50 + seed * 5, 35 + seed * 3))).Select(f => f.Type));
            Assert.Equal(["spalling"], rules.Find(Load(LiningImages.Spall(seed, 60 + seed * 6, 48))).Select(f => f.Type));
            Assert.Empty(rules.Find(Load(LiningImages.Crack(seed, 3 + seed * 3, 150, seed * 25))));
            Assert.Empty(rules.Find(Load(LiningImages.Clean(seed))));
        }
    }

    [SkippableFact]
    public void On_real_photos_the_crack_rule_finds_cracks_on_crack_tiles_and_the_surface_rules_stay_quiet()
    {
        Skip.If(CrackDataset.Root is null, CrackDataset.Unavailable);
        var rules = new SurfaceDefects(new SurfaceRules());
        double Rate(bool crack, Func<GrayImage, bool> test) =>
            CrackDataset.Photos("test", crack, 40).Select(GrayImage.Load).Count(test) / 40.0;
        bool HasCrackLine(GrayImage image) =>
            CrackGeometry.Measure(image, new PixelBox(0, 0, image.Width, image.Height)) is { LengthPx: >= 40 };

        var (onCracks, onClean) = (Rate(true, HasCrackLine), Rate(false, HasCrackLine));
        var (surfaceOnCracks, surfaceOnClean) = (Rate(true, i => rules.Find(i).Count > 0), Rate(false, i => rules.Find(i).Count > 0));
        output.WriteLine($"crack line ≥ 40 px: {onCracks:0%} of 40 crack photos, {onClean:0%} of 40 clean photos");
        output.WriteLine($"leakage/spalling rule fired: {surfaceOnCracks:0%} of crack photos, {surfaceOnClean:0%} of clean photos");
        Assert.True(onCracks >= 0.8, $"crack line on {onCracks:0%} of crack photos");
        Assert.True(onClean <= 0.35, $"crack line on {onClean:0%} of clean photos");
        Assert.True(surfaceOnClean <= 0.1 && surfaceOnCracks <= 0.2, $"surface rules fired on {surfaceOnClean:0%} clean and {surfaceOnCracks:0%} crack photos");
    }

    [Fact]
    public void Grades_follow_the_configured_bands()
    {
        var grading = new Grading(new TunnelInspectionOptions());
        Assert.Equal(1, grading.Grade("crack", new Dictionary<string, double> { [Grading.MaxWidthMm] = 0.5, [Grading.LengthMm] = 300 }).Grade);
        Assert.Equal(2, grading.Grade("crack", new Dictionary<string, double> { [Grading.MaxWidthMm] = 0.5, [Grading.LengthMm] = 6000 }).Grade);
        Assert.Equal(3, grading.Grade("crack", new Dictionary<string, double> { [Grading.MaxWidthMm] = 3.5, [Grading.LengthMm] = 100 }).Grade);
        Assert.Equal(4, grading.Grade("crack", new Dictionary<string, double> { [Grading.MaxWidthMm] = 6, [Grading.LengthMm] = 100 }).Grade);
        Assert.Equal((2, "dripping"), grading.Grade("leakage", new Dictionary<string, double> { [Grading.AreaM2] = 0.015 }));
        Assert.Equal((3, "spalling"), grading.Grade("spalling", new Dictionary<string, double> { [Grading.AreaM2] = 0.006 }));
    }

    private static GrayImage Load(byte[] png)
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, png);
        try
        {
            return GrayImage.Load(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
