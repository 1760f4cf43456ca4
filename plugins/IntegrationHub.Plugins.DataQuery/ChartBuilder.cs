using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Query;

namespace IntegrationHub.Plugins.DataQuery;

/// <summary>Decides whether a result deserves a chart (a category or time column and at least one measure) and what it shows.</summary>
public static partial class ChartBuilder
{
    private const int MaxPoints = 60;
    private const int MaxSeries = 4;

    public static QueryChart? Build(string title, QueryResult result)
    {
        if (result.Rows.Count < 2 || result.Columns.Count < 2) return null;
        var rows = result.Rows.Take(MaxPoints).ToList();
        var label = Enumerable.Range(0, result.Columns.Count).FirstOrDefault(i => rows.All(r => !AnswerText.IsNumber(r[i])), -1);
        if (label < 0) return null;
        var measures = Enumerable.Range(0, result.Columns.Count)
            .Where(i => i != label && rows.Any(r => AnswerText.IsNumber(r[i])) && rows.All(r => r[i] is null || AnswerText.IsNumber(r[i])))
            .Take(MaxSeries)
            .ToList();
        if (measures.Count == 0) return null;
        var labels = rows.Select(r => AnswerText.Format(r[label])).ToList();
        var kind = labels.All(l => TimeLabel().IsMatch(l)) ? "line" : "bar";
        var series = measures.Select(i => new QuerySeries(result.Columns[i], rows.Select(r => r[i] is null ? 0 : AnswerText.ToDouble(r[i])).ToList())).ToList();
        return new QueryChart(kind, title.Length > 80 ? title[..80] + "…" : title, labels, series);
    }

    [GeneratedRegex(@"^\d{4}([-/]\d{1,2}([-/]\d{1,2})?)?$|^\d{4}年(\d{1,2}月)?$")]
    private static partial Regex TimeLabel();
}

/// <summary>Draws a <see cref="QueryChart"/> as a self-contained SVG (no native graphics: the plugin stays portable).</summary>
public static class SvgChart
{
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"];

    public static string Render(QueryChart chart, int width = 800, int height = 450)
    {
        const int left = 80, right = 20, top = 40, bottom = 90;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var all = chart.Series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).ToList();
        var min = Math.Min(0, all.Min());
        var max = Math.Max(0, all.Max());
        if (max - min < 1e-12) max = min + 1;
        var (step, ticks) = Ticks(min, max);
        min = Math.Floor(min / step) * step;
        max = Math.Ceiling(max / step) * step;
        double Y(double v) => top + plotH - (v - min) / (max - min) * plotH;
        var n = chart.Labels.Count;
        var slot = (double)plotW / Math.Max(1, n);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Noto Sans CJK SC, Microsoft YaHei, sans-serif\" font-size=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">{Escape(chart.Title)}</text>");
        for (var i = 0; i <= ticks; i++)
        {
            var v = min + i * (max - min) / ticks;
            var y = Y(v);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - right}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Escape(AnswerText.Format(v))}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{Y(0):0.#}\" x2=\"{width - right}\" y2=\"{Y(0):0.#}\" stroke=\"#333\"/>");
        var labelEvery = Math.Max(1, (int)Math.Ceiling(n / 30.0));
        for (var i = 0; i < n; i += labelEvery)
        {
            var x = left + slot * (i + 0.5);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{top + plotH + 14}\" text-anchor=\"end\" transform=\"rotate(-40 {x:0.#} {top + plotH + 14})\">{Escape(chart.Labels[i])}</text>");
        }

        for (var s = 0; s < chart.Series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var values = chart.Series[s].Values;
            if (chart.Kind == "line")
            {
                var points = string.Join(" ", values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{left + slot * (i + 0.5):0.#},{Y(v):0.#}")));
                sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>");
            }
            else
            {
                var barW = slot * 0.8 / chart.Series.Count;
                for (var i = 0; i < values.Count; i++)
                {
                    var x = left + slot * i + slot * 0.1 + barW * s;
                    var y0 = Y(Math.Max(0, values[i]));
                    var h = Math.Abs(Y(values[i]) - Y(0));
                    sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y0:0.#}\" width=\"{barW:0.#}\" height=\"{h:0.#}\" fill=\"{color}\"><title>{Escape(chart.Labels[i])}: {Escape(AnswerText.Format(values[i]))}</title></rect>");
                }
            }

            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 10 + s * 150}\" y=\"{height - 22}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{left + 26 + s * 150}\" y=\"{height - 12}\">{Escape(chart.Series[s].Name)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static (double Step, int Ticks) Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = (int)Math.Round((Math.Ceiling(max / step) * step - Math.Floor(min / step) * step) / step);
        return (step, Math.Max(1, ticks));
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
