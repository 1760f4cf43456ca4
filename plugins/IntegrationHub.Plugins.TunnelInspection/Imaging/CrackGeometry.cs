namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>A crack's measure in pixels and its centre line (the overlay drawn on reports).</summary>
public sealed record CrackMeasure(double LengthPx, double MaxWidthPx, double MeanWidthPx, int Pixels, IReadOnlyList<(float X, float Y)> CentreLine);

/// <summary>
/// Measures a crack in a region the classifier called a crack: dark pixels (well below the region's median brightness)
/// form the crack; its largest 8-connected component is measured along its principal axis — length as the extent
/// along it, width as the extent across it at each step of it (max: the 90th percentile, mean: area / length).
/// Honest for the straight-ish cracks of one tile; a branching crack's length is its longest extent.
/// </summary>
public static class CrackGeometry
{
    /// <summary>How many standard deviations below the region's mean a crack pixel is.</summary>
    public const double DarkSigmas = 3.0;

    /// <summary>Grey levels below the median a crack pixel is at least (a flat surface has next to no spread).</summary>
    public const double MinContrast = 25;

    public static CrackMeasure? Measure(GrayImage image, PixelBox region)
    {
        var mask = DarkMask(image, region);
        var component = LargestComponent(mask, region.Width, region.Height);
        if (component.Count < 8)
        {
            return null;
        }

        double mx = component.Average(p => p.X), my = component.Average(p => p.Y);
        double sxx = 0, syy = 0, sxy = 0;
        foreach (var (x, y) in component)
        {
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
            sxy += (x - mx) * (y - my);
        }

        var angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        double ux = Math.Cos(angle), uy = Math.Sin(angle);
        var bins = new SortedDictionary<int, (double Min, double Max, double Sx, double Sy, int N)>();
        foreach (var (x, y) in component)
        {
            var along = (int)Math.Round((x - mx) * ux + (y - my) * uy);
            var across = -(x - mx) * uy + (y - my) * ux;
            bins[along] = bins.TryGetValue(along, out var b)
                ? (Math.Min(b.Min, across), Math.Max(b.Max, across), b.Sx + x, b.Sy + y, b.N + 1)
                : (across, across, x, y, 1);
        }

        var length = bins.Keys.Last() - bins.Keys.First() + 1.0;
        var widths = bins.Values.Select(b => b.Max - b.Min + 1).Order().ToList();
        var maxWidth = widths[(int)Math.Floor(0.9 * (widths.Count - 1))];
        var centre = bins.Values
            .Where((_, i) => i % Math.Max(1, bins.Count / 32) == 0)
            .Select(b => ((float)(b.Sx / b.N + region.X), (float)(b.Sy / b.N + region.Y)))
            .ToList();
        return new CrackMeasure(length, maxWidth, component.Count / length, component.Count, centre);
    }

    private static bool[] DarkMask(GrayImage image, PixelBox region)
    {
        var values = new List<float>(region.Width * region.Height);
        for (var y = region.Y; y < region.Bottom; y++)
        {
            for (var x = region.X; x < region.Right; x++)
            {
                values.Add(image[x, y]);
            }
        }

        // Median and MAD, not mean and deviation: a wide crack must not drag the threshold down with it.
        var median = Median(values);
        var spread = 1.4826 * Median(values.Select(v => Math.Abs(v - median)));
        var threshold = median - Math.Max(MinContrast, DarkSigmas * spread);
        var mask = new bool[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            mask[i] = values[i] < threshold;
        }

        return mask;
    }

    private static float Median(IEnumerable<float> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static List<(int X, int Y)> LargestComponent(bool[] mask, int width, int height)
    {
        var seen = new bool[mask.Length];
        var best = new List<(int X, int Y)>();
        var queue = new Queue<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || seen[start])
            {
                continue;
            }

            var component = new List<(int X, int Y)>();
            seen[start] = true;
            queue.Enqueue(start);
            while (queue.TryDequeue(out var i))
            {
                int x = i % width, y = i / width;
                component.Add((x, y));
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height && mask[ny * width + nx] && !seen[ny * width + nx])
                        {
                            seen[ny * width + nx] = true;
                            queue.Enqueue(ny * width + nx);
                        }
                    }
                }
            }

            if (component.Count > best.Count)
            {
                best = component;
            }
        }

        return best;
    }
}
