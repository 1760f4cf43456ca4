using SkiaSharp;

namespace IntegrationHub.Perception.Imaging;

/// <summary>
/// The smallest rotated rectangle around a point set (OpenCV's minAreaRect): convex hull (monotone chain), then
/// rotating calipers: one side of the best rectangle lies on a hull edge.
/// </summary>
public static class MinAreaRect
{
    /// <summary>Centre, unit direction of its near-horizontal axis, and half-extents along and across it.</summary>
    public readonly record struct Result(SKPoint Centre, SKPoint Axis, float HalfWidth, float HalfHeight)
    {
        public float Area => 4 * HalfWidth * HalfHeight;

        public float Perimeter => 4 * (HalfWidth + HalfHeight);

        public float ShortSide => 2 * Math.Min(HalfWidth, HalfHeight);

        /// <summary>Grown by <paramref name="distance"/> on every side (a polygon offset of a rectangle, as minAreaRect sees it).</summary>
        public Result Inflate(float distance) => this with { HalfWidth = HalfWidth + distance, HalfHeight = HalfHeight + distance };

        public Quad ToQuad() => Quad.FromAxes(Centre, Axis, HalfWidth, HalfHeight);

        /// <summary>Whether a point lies inside (projections within the half-extents).</summary>
        public bool Contains(float x, float y)
        {
            var (dx, dy) = (x - Centre.X, y - Centre.Y);
            return Math.Abs(dx * Axis.X + dy * Axis.Y) <= HalfWidth && Math.Abs(-dx * Axis.Y + dy * Axis.X) <= HalfHeight;
        }
    }

    public static Result Of(IReadOnlyList<SKPoint> points)
    {
        var hull = ConvexHull(points);
        if (hull.Count < 3)
        {
            var (a, b) = (hull[0], hull[^1]);
            var length = SKPoint.Distance(a, b);
            var axis = length > 0 ? new SKPoint((b.X - a.X) / length, (b.Y - a.Y) / length) : new SKPoint(1, 0);
            return Normalise(new Result(new SKPoint((a.X + b.X) / 2, (a.Y + b.Y) / 2), axis, length / 2, 0));
        }

        var best = default(Result);
        var bestArea = float.MaxValue;
        for (var i = 0; i < hull.Count; i++)
        {
            var candidate = OnEdge(hull, hull[i], hull[(i + 1) % hull.Count]);
            if (candidate.Area < bestArea)
            {
                (best, bestArea) = (candidate, candidate.Area);
            }
        }

        return Normalise(best);
    }

    private static Result OnEdge(List<SKPoint> hull, SKPoint a, SKPoint b)
    {
        var length = SKPoint.Distance(a, b);
        var u = new SKPoint((b.X - a.X) / length, (b.Y - a.Y) / length);
        var (minU, maxU, minV, maxV) = (float.MaxValue, float.MinValue, float.MaxValue, float.MinValue);
        foreach (var p in hull)
        {
            var (pu, pv) = (p.X * u.X + p.Y * u.Y, -p.X * u.Y + p.Y * u.X);
            (minU, maxU, minV, maxV) = (Math.Min(minU, pu), Math.Max(maxU, pu), Math.Min(minV, pv), Math.Max(maxV, pv));
        }

        var (cu, cv) = ((minU + maxU) / 2, (minV + maxV) / 2);
        var centre = new SKPoint(cu * u.X - cv * u.Y, cu * u.Y + cv * u.X);
        return new Result(centre, u, (maxU - minU) / 2, (maxV - minV) / 2);
    }

    /// <summary>Picks, of the rectangle's four side directions, the one nearest to +x as its axis, so corners come out in reading order.</summary>
    private static Result Normalise(Result r)
    {
        var (u, v) = (r.Axis, new SKPoint(-r.Axis.Y, r.Axis.X));
        SKPoint[] axes = [u, v, new(-u.X, -u.Y), new(-v.X, -v.Y)];
        var best = axes.MaxBy(a => a.X);
        var alongU = Math.Abs(best.X * u.X + best.Y * u.Y) > 0.5f;
        return new Result(r.Centre, best, alongU ? r.HalfWidth : r.HalfHeight, alongU ? r.HalfHeight : r.HalfWidth);
    }

    private static List<SKPoint> ConvexHull(IReadOnlyList<SKPoint> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new List<SKPoint>(2 * sorted.Count);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    private static float Cross(SKPoint o, SKPoint a, SKPoint b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
