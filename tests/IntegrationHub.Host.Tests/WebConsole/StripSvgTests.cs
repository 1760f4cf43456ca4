using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.WebConsole;

namespace IntegrationHub.Host.Tests.WebConsole;

/// <summary>The console draws a plugin's strip chart itself: marks where their positions say, colours by category, and nothing a plugin wrote as markup.</summary>
public sealed class StripSvgTests
{
    [Fact]
    public void Marks_are_placed_by_position_and_lane_coloured_light_to_dark_and_every_text_is_encoded()
    {
        const string Hostile = "<script>alert(1)</script>\" onload=\"x";
        var strip = new ConsoleStrip(Hostile, 100, 200, ["top", Hostile], ["low", "mid", Hostile],
        [
            new ConsoleStripMark(100, "top", 0, Hostile, "id\"><script>"),
            new ConsoleStripMark(200, Hostile, 2, "end", "javascript:alert(1)", LinkPage: "other"),
            new ConsoleStripMark(150, "nowhere", 1, "dropped"),
            new ConsoleStripMark(120, "top", 1, "stretch", Until: 140),
        ], [new ConsoleStripTick(150, Hostile)]);
        var layout = new StripSvg(strip);

        Assert.Equal(3, layout.Marks.Count); // the mark in a lane not listed is not drawn
        Assert.Equal(StripSvg.Left, layout.Marks[0].X);
        Assert.Equal(StripSvg.Width - StripSvg.Right, layout.Marks[1].X);
        Assert.True(layout.Marks[1].Y > layout.Marks[0].Y, "the second lane is below the first");
        Assert.True(layout.Marks[2].Width > 0, "a stretch has a length");
        var colours = layout.Legend.Select(l => l.Colour).ToList();
        Assert.Equal(3, colours.Distinct().Count());
        Assert.Equal(colours[0], layout.Marks[0].Colour);
        Assert.Equal(colours[2], layout.Marks[1].Colour);

        using var writer = new StringWriter();
        layout.ToSvg((id, page) => $"/p/plugin/{Uri.EscapeDataString(page ?? "page")}/{Uri.EscapeDataString(id)}").WriteTo(writer, HtmlEncoder.Default);
        var svg = writer.ToString();
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\" onload=", svg, StringComparison.Ordinal);
        var hrefs = Regex.Matches(svg, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, hrefs.Count);
        Assert.All(hrefs, h => Assert.StartsWith("/p/plugin/", h));
        Assert.Contains("/p/plugin/other/javascript%3Aalert%281%29", hrefs);
        // Caption (figure and aria label), lane, mark title, tick, legend: the texts survive, encoded.
        Assert.True(Regex.Matches(svg, "&lt;script&gt;").Count >= 6, svg);
    }
}
