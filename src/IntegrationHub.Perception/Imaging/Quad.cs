using SkiaSharp;

namespace IntegrationHub.Perception.Imaging;

/// <summary>
/// A text region as four corners in reading orientation: <see cref="TopLeft"/> is where the line starts, the top edge
/// runs along it. A rotated rectangle or, more generally, any convex quadrilateral.
/// </summary>
public readonly record struct Quad(SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft)
{
    /// <summary>Length of the longer of the top and bottom edges (PaddleOCR's crop width).</summary>
    public float Width => Math.Max(SKPoint.Distance(TopLeft, TopRight), SKPoint.Distance(BottomLeft, BottomRight));

    /// <summary>Length of the longer of the left and right edges (PaddleOCR's crop height).</summary>
    public float Height => Math.Max(SKPoint.Distance(TopLeft, BottomLeft), SKPoint.Distance(TopRight, BottomRight));

    public SKPoint[] Corners => [TopLeft, TopRight, BottomRight, BottomLeft];

    /// <summary>The axis-aligned box around the corners.</summary>
    public SKRect Bounds
    {
        get
        {
            var c = Corners;
            return new SKRect(c.Min(p => p.X), c.Min(p => p.Y), c.Max(p => p.X), c.Max(p => p.Y));
        }
    }

    public static Quad FromRect(SKRect r) => new(new(r.Left, r.Top), new(r.Right, r.Top), new(r.Right, r.Bottom), new(r.Left, r.Bottom));

    /// <summary>A rectangle of half-extents <paramref name="halfU"/> along <paramref name="u"/> (unit) and <paramref name="halfV"/> across it.</summary>
    public static Quad FromAxes(SKPoint centre, SKPoint u, float halfU, float halfV)
    {
        var v = new SKPoint(-u.Y, u.X);
        var (du, dv) = (new SKPoint(u.X * halfU, u.Y * halfU), new SKPoint(v.X * halfV, v.Y * halfV));
        return new Quad(centre - du - dv, centre + du - dv, centre + du + dv, centre - du + dv);
    }

    /// <summary>Each corner scaled (from a network's map to source pixels) and kept inside width×height.</summary>
    public Quad Scale(float sx, float sy, float width, float height)
    {
        SKPoint Map(SKPoint p) => new(Math.Clamp(p.X * sx, 0, width), Math.Clamp(p.Y * sy, 0, height));
        return new Quad(Map(TopLeft), Map(TopRight), Map(BottomRight), Map(BottomLeft));
    }
}
