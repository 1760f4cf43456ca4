namespace IntegrationHub.Plugins.TunnelInspection.Imaging;

/// <summary>A wet stain or a spall: its box and area in pixels, and the detector's score when a detector found it.</summary>
public sealed record SurfaceFinding(string Type, PixelBox Box, double AreaPx, double? Score = null);

/// <summary>Finds wet stains (<c>leakage</c>) and spalls (<c>spalling</c>) on one photograph.</summary>
public interface ISurfaceFinder
{
    Task<IReadOnlyList<SurfaceFinding>> FindAsync(byte[] photo, GrayImage image, CancellationToken cancellationToken);
}

/// <summary>
/// Leakage and spalling by simple image rules (no labelled photographs of either exist here; see the README). The
/// photo is cut into cells; a <b>wet stain</b> cell is much darker than the photo's median and smooth, a <b>spall</b>
/// cell (missing surface, exposed aggregate) has far more local contrast than the photo's median. Cells join into
/// 4-connected blobs; a blob counts when it is large and compact (a crack is dark and sharp-edged but thin, so it
/// is neither). The default; a configured detector model replaces them (<see cref="DetectedSurfaceDefects"/>).
/// </summary>
public sealed class SurfaceDefects(SurfaceRules rules) : ISurfaceFinder
{
    private const int MinBlobSideCells = 4;
    // An ellipse fills 79 % of its box, a spall patch nearly all; a wide diagonal crack far less.
    private const double MinFill = 0.6;

    public Task<IReadOnlyList<SurfaceFinding>> FindAsync(byte[] photo, GrayImage image, CancellationToken cancellationToken) =>
        Task.FromResult(Find(image));

    public IReadOnlyList<SurfaceFinding> Find(GrayImage image)
    {
        var cell = Math.Max(2, rules.Cell);
        int columns = image.Width / cell, rows = image.Height / cell;
        if (columns < MinBlobSideCells || rows < MinBlobSideCells)
        {
            return [];
        }

        var brightness = new double[columns * rows];
        var texture = new double[columns * rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                (brightness[r * columns + c], texture[r * columns + c]) = Cell(image, c * cell, r * cell, cell);
            }
        }

        var medianBrightness = Median(brightness);
        var medianTexture = Math.Max(1, Median(texture));
        var minCells = rules.MinAreaFraction * columns * rows;
        var findings = new List<SurfaceFinding>();
        var stains = Blobs(columns, rows, i => brightness[i] < rules.StainDarkness * medianBrightness && texture[i] < rules.StainSmoothness * medianTexture, minCells);
        findings.AddRange(stains.Select(b => ToFinding("leakage", b, cell)));
        var spalls = Blobs(columns, rows, i => texture[i] > rules.SpallTexture * medianTexture, minCells);
        findings.AddRange(spalls.Select(b => ToFinding("spalling", b, cell)));
        return findings;
    }

    private static (double Mean, double Texture) Cell(GrayImage image, int x0, int y0, int size)
    {
        double sum = 0, gradient = 0;
        for (var y = y0; y < y0 + size; y++)
        {
            for (var x = x0; x < x0 + size; x++)
            {
                var v = image[x, y];
                sum += v;
                if (x + 1 < image.Width && y + 1 < image.Height)
                {
                    gradient += Math.Abs(image[x + 1, y] - v) + Math.Abs(image[x, y + 1] - v);
                }
            }
        }

        return (sum / (size * size), gradient / (size * size));
    }

    private static SurfaceFinding ToFinding(string type, (int C0, int R0, int C1, int R1, int Cells) blob, int cell) =>
        new(type, new PixelBox(blob.C0 * cell, blob.R0 * cell, (blob.C1 - blob.C0 + 1) * cell, (blob.R1 - blob.R0 + 1) * cell), blob.Cells * (double)cell * cell);

    private static List<(int C0, int R0, int C1, int R1, int Cells)> Blobs(int columns, int rows, Func<int, bool> member, double minCells)
    {
        var seen = new bool[columns * rows];
        var blobs = new List<(int, int, int, int, int)>();
        var stack = new Stack<int>();
        for (var start = 0; start < seen.Length; start++)
        {
            if (seen[start] || !member(start))
            {
                continue;
            }

            int c0 = int.MaxValue, r0 = int.MaxValue, c1 = -1, r1 = -1, count = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.TryPop(out var i))
            {
                int c = i % columns, r = i / columns;
                (c0, r0, c1, r1, count) = (Math.Min(c0, c), Math.Min(r0, r), Math.Max(c1, c), Math.Max(r1, r), count + 1);
                foreach (var n in (int[])[c > 0 ? i - 1 : -1, c < columns - 1 ? i + 1 : -1, r > 0 ? i - columns : -1, r < rows - 1 ? i + columns : -1])
                {
                    if (n >= 0 && !seen[n] && member(n))
                    {
                        seen[n] = true;
                        stack.Push(n);
                    }
                }
            }

            var (w, h) = (c1 - c0 + 1, r1 - r0 + 1);
            if (count >= minCells && Math.Min(w, h) >= MinBlobSideCells && count >= MinFill * w * h)
            {
                blobs.Add((c0, r0, c1, r1, count));
            }
        }

        return blobs;
    }

    private static double Median(double[] values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
