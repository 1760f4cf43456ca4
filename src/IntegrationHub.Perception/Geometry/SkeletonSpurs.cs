using OpenCvSharp;

namespace IntegrationHub.Perception.Geometry;

/// <summary>
/// Removes the short side branches thinning grows from bumps on a crack's edge: a branch from an end pixel that meets
/// a junction within about the crack's width there is a spur, not part of the crack, and would add to its length.
/// </summary>
internal static class SkeletonSpurs
{
    private const int MaxSpur = 64;

    public static void Prune(Mat skeleton, Mat distance)
    {
        var (rows, cols) = (skeleton.Rows, skeleton.Cols);
        var ends = new List<(int X, int Y)>();
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                if (skeleton.At<byte>(y, x) != 0 && Neighbours(skeleton, x, y).Count == 1)
                {
                    ends.Add((x, y));
                }
            }
        }

        foreach (var end in ends)
        {
            var branch = new List<(int X, int Y)>();
            var (previous, current) = ((X: -1, Y: -1), end);
            while (branch.Count <= MaxSpur)
            {
                var around = Neighbours(skeleton, current.X, current.Y);
                if (current != end && around.Count > 2)
                {
                    // A junction: the branch is a spur when shorter than the crack is wide there.
                    if (branch.Count <= 2 * distance.At<float>(current.Y, current.X) + 2)
                    {
                        branch.ForEach(p => skeleton.Set<byte>(p.Y, p.X, 0));
                    }

                    break;
                }

                branch.Add(current);
                var next = around.Where(n => n != previous && !branch.Contains(n)).ToList();
                if (next.Count != 1)
                {
                    break;
                }

                (previous, current) = (current, next[0]);
            }
        }
    }

    private static List<(int X, int Y)> Neighbours(Mat skeleton, int x, int y)
    {
        var list = new List<(int X, int Y)>(8);
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (nx, ny) = (x + dx, y + dy);
                if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < skeleton.Cols && ny < skeleton.Rows && skeleton.At<byte>(ny, nx) != 0)
                {
                    list.Add((nx, ny));
                }
            }
        }

        return list;
    }
}
