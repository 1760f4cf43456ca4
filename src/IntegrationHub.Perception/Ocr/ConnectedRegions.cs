using System.Buffers;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>
/// The 8-connected regions of a probability map above a threshold, each given by the outline points its convex hull
/// needs: the leftmost and rightmost pixel centre of every row.
/// </summary>
public static class ConnectedRegions
{
    public static List<List<SKPoint>> Find(ReadOnlySpan<float> prob, int width, int height, float threshold)
    {
        var plane = width * height;
        var visited = ArrayPool<bool>.Shared.Rent(plane);
        var stack = ArrayPool<int>.Shared.Rent(plane);
        var rowMin = ArrayPool<int>.Shared.Rent(height);
        var rowMax = ArrayPool<int>.Shared.Rent(height);
        var regions = new List<List<SKPoint>>();
        try
        {
            Array.Clear(visited, 0, plane);
            Array.Fill(rowMin, int.MaxValue, 0, height);
            Array.Fill(rowMax, -1, 0, height);
            for (var start = 0; start < plane; start++)
            {
                if (!visited[start] && prob[start] > threshold)
                {
                    var (top, bottom) = Fill(prob, width, height, threshold, start, visited, stack, rowMin, rowMax);
                    regions.Add(Outline(top, bottom, rowMin, rowMax));
                }
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(visited);
            ArrayPool<int>.Shared.Return(stack);
            ArrayPool<int>.Shared.Return(rowMin);
            ArrayPool<int>.Shared.Return(rowMax);
        }

        return regions;
    }

    /// <summary>Flood-fills one region from <paramref name="start"/>, recording each row's extent; returns its first and last row.</summary>
    private static (int Top, int Bottom) Fill(ReadOnlySpan<float> prob, int width, int height, float threshold, int start, bool[] visited, int[] stack, int[] rowMin, int[] rowMax)
    {
        var (top, bottom, count) = (int.MaxValue, -1, 0);
        stack[count++] = start;
        visited[start] = true;
        while (count > 0)
        {
            var p = stack[--count];
            var (x, y) = (p % width, p / width);
            (rowMin[y], rowMax[y], top, bottom) = (Math.Min(rowMin[y], x), Math.Max(rowMax[y], x), Math.Min(top, y), Math.Max(bottom, y));
            for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
            {
                for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                {
                    var q = ny * width + nx;
                    if (!visited[q] && prob[q] > threshold)
                    {
                        visited[q] = true;
                        stack[count++] = q;
                    }
                }
            }
        }

        return (top, bottom);
    }

    /// <summary>The region's row ends as points, resetting the row extents for the next region.</summary>
    private static List<SKPoint> Outline(int top, int bottom, int[] rowMin, int[] rowMax)
    {
        var points = new List<SKPoint>(2 * (bottom - top + 1));
        for (var y = top; y <= bottom; y++)
        {
            if (rowMax[y] >= 0)
            {
                points.Add(new SKPoint(rowMin[y], y));
                points.Add(new SKPoint(rowMax[y], y));
            }

            (rowMin[y], rowMax[y]) = (int.MaxValue, -1);
        }

        return points;
    }
}
