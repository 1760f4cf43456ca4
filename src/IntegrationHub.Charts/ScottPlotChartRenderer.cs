using IntegrationHub.Contracts.Workers.Query;
using ScottPlot;

namespace IntegrationHub.Charts;

/// <summary>Draws a <see cref="QueryChart"/> (bars for categories, lines for time) as PNG with ScottPlot.</summary>
public sealed class ScottPlotChartRenderer : IChartRenderer
{
    public byte[] RenderPng(QueryChart chart, int width = 800, int height = 450)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        var positions = Enumerable.Range(0, chart.Labels.Count).Select(i => (double)i).ToArray();
        var n = Math.Max(1, chart.Series.Count);
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var values = chart.Series[s].Values.ToArray();
            if (chart.Kind == "line")
            {
                var line = plot.Add.Scatter(positions, values);
                if (n > 1) line.LegendText = chart.Series[s].Name;
            }
            else
            {
                var width1 = 0.8 / n;
                var bars = values.Select((v, i) => new Bar { Position = i - 0.4 + width1 * (s + 0.5), Value = v, Size = width1 * 0.95 }).ToList();
                var barPlot = plot.Add.Bars(bars);
                if (n > 1) barPlot.LegendText = chart.Series[s].Name;
            }
        }

        var ticks = positions.Select((p, i) => new Tick(p, chart.Labels[i])).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = chart.Labels.Count > 8 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = chart.Labels.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        if (chart.Kind != "line") plot.Axes.Margins(bottom: 0);
        if (chart.Series.Count > 1) plot.ShowLegend();
        plot.Font.Automatic();
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
