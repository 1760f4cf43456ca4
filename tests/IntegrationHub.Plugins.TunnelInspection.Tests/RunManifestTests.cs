using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

public sealed class RunManifestTests
{
    [Theory]
    [InlineData("K12+345.6", 12345.6)]
    [InlineData("k0+005", 5)]
    [InlineData("DK101+000.25", 101000.25)]
    [InlineData(" YK3+999.9 ", 3999.9)]
    public void Chainage_is_parsed_to_metres(string text, double metres)
    {
        Assert.True(Chainage.TryParse(text, out var parsed));
        Assert.Equal(metres, parsed, 6);
        Assert.True(Chainage.TryParse(Chainage.Format(parsed), out var again));
        Assert.Equal(metres, again, 0.051);
    }

    [Theory]
    [InlineData("K12+1000")]
    [InlineData("12+345")]
    [InlineData("K12-345")]
    [InlineData("")]
    public void Bad_chainage_is_refused(string text) => Assert.False(Chainage.TryParse(text, out _));

    [Fact]
    public async Task A_csv_manifest_keeps_good_lines_and_reports_each_bad_one()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            id,file,chainage,ring,position,mm_per_pixel
            a,a.jpg,K1+200.5,12,vault,0.5
            b,b.jpg,K1+2x0,12,vault,0.5
            c,c.jpg,K1+201,13,"left wall",0.5
            d,d.jpg,K1+202,14,roof,0.5
            e,,K1+203,15,invert,0.5
            f,f.jpg,K1+204,16,invert,-1
            """);
        var parsed = await RunManifest.ReadAsync(file, CancellationToken.None);
        File.Delete(file);

        Assert.Equal(["a", "c"], parsed.Lines.Select(l => l.ImageId));
        Assert.Equal("left-wall", parsed.Lines[1].Position);
        Assert.Equal(1200.5, parsed.Lines[0].ChainageM, 6);
        Assert.Equal(["b", "d", "e", "f"], parsed.Errors.Select(e => e.Where));
        Assert.Contains("chainage", parsed.Errors[0].Error);
        Assert.Contains("position", parsed.Errors[1].Error);
        Assert.Contains("mmPerPixel", parsed.Errors[3].Error);
    }

    [Fact]
    public async Task A_json_manifest_carries_the_run_header()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            {"tunnelId":"T1","line":"G4","direction":"up","method":"vehicle","date":"2026-11-30",
             "images":[{"id":"a","file":"x/a.jpg","chainage":"K1+200","ring":"3","position":"invert","mmPerPixel":0.4},
                       {"id":"b","file":"b.jpg","chainage":"K1+200","ring":"three","position":"invert","mmPerPixel":0.4}]}
            """);
        var parsed = await RunManifest.ReadAsync(file, CancellationToken.None);
        File.Delete(file);

        Assert.Equal(("T1", "vehicle", "2026-11-30"), (parsed.Header.TunnelId, parsed.Header.Method, parsed.Header.Date));
        Assert.Equal("a.jpg", Assert.Single(parsed.Lines).File);
        Assert.Contains("ring", Assert.Single(parsed.Errors).Error);
    }
}
