using System.Globalization;
using System.Text.Encodings.Web;
using IntegrationHub.Contracts.Plugins;
using Microsoft.AspNetCore.Html;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// Where a <see cref="ConsoleStrip"/>'s parts go in its SVG: lanes as rows, the axis below, marks placed by position
/// and coloured by category on a light-to-dark scale; <see cref="ToSvg"/> writes it, every text and link encoded
/// (the plugin supplies words and detail ids, never markup).
/// </summary>
public sealed class StripSvg
{
    public const int Width = 1000;
    public const int LaneHeight = 30;
    public const int Left = 110;
    public const int Right = 20;
    public const int Top = 10;
    private const int AxisHeight = 34;
    private const int AutoTicks = 6;

    /// <summary>Light to dark: the first category the least severe.</summary>
    private static readonly string[] Scale = ["#f2c94c", "#f2994a", "#e5533d", "#b3261e", "#6d1a36"];

    public StripSvg(ConsoleStrip strip)
    {
        Strip = strip;
        var span = strip.To > strip.From ? strip.To - strip.From : 1;
        double X(double at) => Left + (Math.Clamp(at, strip.From, strip.From + span) - strip.From) / span * (Width - Left - Right);

        Lanes = strip.Lanes.Select((name, i) => (name, Top + i * LaneHeight + LaneHeight / 2.0)).ToList();
        Height = Top + strip.Lanes.Count * LaneHeight + AxisHeight;
        AxisY = Top + strip.Lanes.Count * LaneHeight;
        var ticks = strip.Ticks ?? Enumerable.Range(0, AutoTicks + 1)
            .Select(i => strip.From + span * i / AutoTicks)
            .Select(at => new ConsoleStripTick(at, at.ToString("0.##", CultureInfo.InvariantCulture)))
            .ToList();
        Ticks = ticks.Where(t => t.At >= strip.From && t.At <= strip.From + span).Select(t => (X(t.At), t.Label)).ToList();
        Marks = strip.Marks
            .Select(m => (Mark: m, Lane: IndexOf(strip.Lanes, m.Lane)))
            .Where(m => m.Lane >= 0)
            .Select(m => new PlacedMark(m.Mark, X(m.Mark.At), m.Mark.Until is { } until ? Math.Max(X(until) - X(m.Mark.At), 4) : 0,
                Top + m.Lane * LaneHeight + LaneHeight / 2.0, Colour(m.Mark.Category)))
            .ToList();
    }

    public ConsoleStrip Strip { get; }

    public int Height { get; }

    public int AxisY { get; }

    public IReadOnlyList<(string Name, double Y)> Lanes { get; }

    public IReadOnlyList<(double X, string Label)> Ticks { get; }

    public IReadOnlyList<PlacedMark> Marks { get; }

    public IEnumerable<(string Name, string Colour)> Legend => Strip.Categories.Select((c, i) => (c, Colour(i)));

    /// <summary>The chart as inline SVG with its legend; <paramref name="detailHref"/> turns a mark's link (a detail id, a page) into a URL.</summary>
    public IHtmlContent ToSvg(Func<string, string?, string> detailHref)
    {
        var svg = new HtmlContentBuilder();
        svg.AppendHtml($"<figure class=\"strip\"><figcaption>{E(Strip.Caption)}</figcaption>");
        svg.AppendHtml($"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(Strip.Caption)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        foreach (var (name, y) in Lanes)
        {
            svg.AppendHtml($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#d9dde5\"/>");
            svg.AppendHtml($"<text x=\"{Left - 8}\" y=\"{N(y + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"#5b6475\">{E(name)}</text>");
        }

        svg.AppendHtml($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{AxisY}\" y2=\"{AxisY}\" stroke=\"#1d2330\"/>");
        foreach (var (x, label) in Ticks)
        {
            svg.AppendHtml($"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{AxisY}\" y2=\"{AxisY + 5}\" stroke=\"#1d2330\"/>");
            svg.AppendHtml($"<text x=\"{N(x)}\" y=\"{AxisY + 18}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1d2330\">{E(label)}</text>");
        }

        foreach (var mark in Marks)
        {
            var open = mark.Mark.Link is { } link ? $"<a class=\"mark\" href=\"{E(detailHref(link, mark.Mark.LinkPage))}\" data-link=\"{E(link)}\">" : "<g class=\"mark\">";
            var shape = mark.Width > 0
                ? $"<rect x=\"{N(mark.X)}\" y=\"{N(mark.Y - 7)}\" width=\"{N(mark.Width)}\" height=\"14\" fill=\"{mark.Colour}\" stroke=\"#1d2330\" stroke-width=\"0.5\"/>"
                : $"<circle cx=\"{N(mark.X)}\" cy=\"{N(mark.Y)}\" r=\"7\" fill=\"{mark.Colour}\" stroke=\"#1d2330\" stroke-width=\"0.5\"/>";
            svg.AppendHtml($"{open}<title>{E(mark.Mark.Label)}</title>{shape}{(mark.Mark.Link is null ? "</g>" : "</a>")}");
        }

        svg.AppendHtml("</svg><ul class=\"legend\">");
        foreach (var (name, colour) in Legend)
        {
            svg.AppendHtml($"<li><span class=\"swatch\" style=\"background:{colour}\"></span>{E(name)}</li>");
        }

        return svg.AppendHtml("</ul></figure>");
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    private string Colour(int category)
    {
        var count = Math.Max(Strip.Categories.Count, 1);
        var index = count == 1 ? Scale.Length - 1 : (int)Math.Round(Math.Clamp(category, 0, count - 1) * (Scale.Length - 1) / (double)(count - 1));
        return Scale[index];
    }

    private static int IndexOf(IReadOnlyList<string> lanes, string lane)
    {
        for (var i = 0; i < lanes.Count; i++)
        {
            if (lanes[i] == lane)
            {
                return i;
            }
        }

        return -1;
    }

    /// <param name="Width">0 for a point; the drawn length of a stretch.</param>
    public sealed record PlacedMark(ConsoleStripMark Mark, double X, double Width, double Y, string Colour);
}
