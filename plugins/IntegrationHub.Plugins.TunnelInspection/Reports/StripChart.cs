using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using ScottPlot;

namespace IntegrationHub.Plugins.TunnelInspection.Reports;

/// <summary>The chainage strip chart: defects along the tunnel, one lane per lining position, marker size by grade.</summary>
public sealed class StripChart
{
    private static readonly Dictionary<string, Color> Colours = new()
    {
        ["crack"] = Colors.Crimson,
        ["leakage"] = Colors.RoyalBlue,
        ["spalling"] = Colors.DarkOrange,
    };

    public byte[] RenderPng(string title, IReadOnlyList<Defect> defects, int width = 1000, int height = 320)
    {
        var plot = new Plot();
        plot.Title(title);
        foreach (var group in defects.GroupBy(d => d.Type))
        {
            foreach (var grade in group.GroupBy(d => d.Grade))
            {
                var xs = grade.Select(d => d.ChainageM).ToArray();
                var ys = grade.Select(d => (double)Array.IndexOf(LiningPositions.All, d.Position)).ToArray();
                var points = plot.Add.ScatterPoints(xs, ys);
                points.MarkerSize = 5 + 4 * grade.Key;
                points.Color = Colours.GetValueOrDefault(group.Key, Colors.Gray);
                points.LegendText = $"{group.Key} grade {grade.Key}";
            }
        }

        var lanes = LiningPositions.All.Select((p, i) => new Tick(i, p)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(lanes);
        plot.Axes.SetLimitsY(-0.7, LiningPositions.All.Length - 0.3);
        if (defects.Count > 0)
        {
            var (min, max) = (defects.Min(d => d.ChainageM), defects.Max(d => d.ChainageM));
            var pad = Math.Max(5, (max - min) * 0.05);
            plot.Axes.SetLimitsX(min - pad, max + pad);
            plot.ShowLegend(Edge.Right);
        }

        plot.Axes.Bottom.Label.Text = "chainage (m)";
        plot.Font.Automatic();
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
