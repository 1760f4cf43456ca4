using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Perception.Geometry;

/// <summary>One component's skeleton pixels as they are visited: length, widest point, end extensions, points.</summary>
internal sealed class SkeletonTrack
{
    private readonly List<(int X, int Y)> _points = [];
    private double _steps;
    private double _ends;

    /// <summary>
    /// Skeleton length: the steps between neighbouring skeleton pixels, plus, at each end, the half-width that
    /// thinning eats back from the line's end.
    /// </summary>
    public double Length => _steps + _ends + (_points.Count == 1 ? 1 : 0);

    public double MaxHalfWidth { get; private set; }

    public void Add(int x, int y, float halfWidth, (double Forward, int Neighbours) steps)
    {
        _points.Add((x, y));
        _steps += steps.Forward;
        MaxHalfWidth = Math.Max(MaxHalfWidth, halfWidth);
        if (steps.Neighbours == 1)
        {
            _ends += halfWidth;
        }
    }

    public IReadOnlyList<ImagePoint> Sample(int max, int offsetX, int offsetY)
    {
        var step = Math.Max(1, (int)Math.Ceiling(_points.Count / (double)Math.Max(1, max)));
        return [.. _points.Where((_, i) => i % step == 0).Select(p => new ImagePoint(p.X + offsetX, p.Y + offsetY))];
    }
}
