using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Imaging;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

public sealed class ImageRulesTests(ITestOutputHelper output)
{
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

    // Crack geometry is the perception worker's (perception.measure-cracks): drawn-crack errors and the crack-line rate
    // on real photos are measured in IntegrationHub.Perception.Tests' CrackGeometryTests; the plugin's own run goes through it end to end.
    [SkippableFact]
    public void On_real_photos_the_surface_rules_stay_quiet()
    {
        Skip.If(CrackDataset.Root is null, CrackDataset.Unavailable);
        var rules = new SurfaceDefects(new SurfaceRules());
        double Rate(bool crack, Func<GrayImage, bool> test) =>
            CrackDataset.Photos("test", crack, 40).Select(GrayImage.Load).Count(test) / 40.0;

        var (surfaceOnCracks, surfaceOnClean) = (Rate(true, i => rules.Find(i).Count > 0), Rate(false, i => rules.Find(i).Count > 0));
        output.WriteLine($"leakage/spalling rule fired: {surfaceOnCracks:0%} of crack photos, {surfaceOnClean:0%} of clean photos");
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
