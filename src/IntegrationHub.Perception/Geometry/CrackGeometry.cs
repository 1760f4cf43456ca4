using IntegrationHub.Contracts.Workers.Perception;
using OpenCvSharp;
using OpenCvSharp.XImgProc;
using SkiaSharp;

namespace IntegrationHub.Perception.Geometry;

/// <summary>
/// Classical crack measurement: a black-hat transform (closing minus image) lifts thin dark lines off an unevenly lit
/// surface; a threshold (Otsu, floored at a least contrast) segments them; small or blob-shaped components are dropped;
/// Zhang–Suen thinning gives each crack's skeleton, whose 8-connected length is its length, and the distance transform
/// along it the local half-widths (max width); the mean width is area / length.
/// </summary>
public sealed class CrackGeometry(CrackGeometryOptions options)
{
    public IReadOnlyList<CrackMeasurement> Measure(SKBitmap bitmap, SKRectI region, double? mmPerPixel)
    {
        using var rgba = Mat.FromPixelData(bitmap.Height, bitmap.Width, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes);
        using var roi = new Mat(rgba, new Rect(region.Left, region.Top, region.Width, region.Height));
        using var gray = new Mat();
        Cv2.CvtColor(roi, gray, bitmap.ColorType == SKColorType.Bgra8888 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.RGBA2GRAY);
        using var mask = Segment(gray);
        return Components(mask, region, mmPerPixel);
    }

    private Mat Segment(Mat gray)
    {
        using var smooth = new Mat();
        Cv2.GaussianBlur(gray, smooth, new Size(3, 3), 0);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(options.BackgroundKernel, options.BackgroundKernel));
        using var blackHat = new Mat();
        Cv2.MorphologyEx(smooth, blackHat, MorphTypes.BlackHat, kernel, borderType: BorderTypes.Reflect);
        var mask = new Mat();
        var otsu = Cv2.Threshold(blackHat, mask, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        if (otsu < options.MinContrast)
        {
            Cv2.Threshold(blackHat, mask, options.MinContrast, 255, ThresholdTypes.Binary);
        }

        using var close = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));
        Cv2.MorphologyEx(mask, mask, MorphTypes.Close, close);
        return mask;
    }

    private List<CrackMeasurement> Components(Mat mask, SKRectI region, double? mmPerPixel)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8);
        using var distance = new Mat();
        Cv2.DistanceTransform(mask, distance, DistanceTypes.L2, DistanceTransformMasks.Mask5);
        using var skeleton = new Mat();
        CvXImgProc.Thinning(mask, skeleton, ThinningTypes.ZHANGSUEN);
        DropStaircaseCorners(skeleton);
        SkeletonSpurs.Prune(skeleton, distance);

        var tracks = new SkeletonTrack[count];
        var (rows, cols) = (mask.Rows, mask.Cols);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                if (skeleton.At<byte>(y, x) == 0)
                {
                    continue;
                }

                var label = labels.At<int>(y, x);
                var track = tracks[label] ??= new SkeletonTrack();
                track.Add(x, y, distance.At<float>(y, x), Steps(skeleton, x, y, rows, cols));
            }
        }

        var cracks = new List<CrackMeasurement>();
        for (var label = 1; label < count; label++)
        {
            var track = tracks[label];
            if (track is null)
            {
                continue;
            }

            var area = stats.At<int>(label, (int)ConnectedComponentsTypes.Area);
            var length = track.Length;
            var meanWidth = area / Math.Max(length, 1);
            if (length < options.MinLengthPx || length / Math.Max(meanWidth, 1) < options.MinElongation)
            {
                continue;
            }

            var maxWidth = Math.Max(2 * track.MaxHalfWidth - 1, meanWidth);
            var box = new BoundingBox(
                region.Left + stats.At<int>(label, (int)ConnectedComponentsTypes.Left),
                region.Top + stats.At<int>(label, (int)ConnectedComponentsTypes.Top),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Width),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Height));
            cracks.Add(new CrackMeasurement(
                box, length, maxWidth, meanWidth, length * mmPerPixel, maxWidth * mmPerPixel, meanWidth * mmPerPixel,
                track.Sample(options.MaxSkeletonPoints, region.Left, region.Top)));
        }

        return cracks;
    }

    /// <summary>
    /// Thinning leaves oblique lines with 4-connected staircase steps, whose step count is their Manhattan length: a
    /// pixel whose set neighbours form one 8-connected group (and are at least two) joins nothing its neighbours do
    /// not join already, so it is dropped and the line runs diagonally through it.
    /// </summary>
    private static void DropStaircaseCorners(Mat skeleton)
    {
        var (rows, cols) = (skeleton.Rows, skeleton.Cols);
        var ring = new List<(int Dx, int Dy)>(8);
        for (var y = 1; y < rows - 1; y++)
        {
            for (var x = 1; x < cols - 1; x++)
            {
                if (skeleton.At<byte>(y, x) == 0)
                {
                    continue;
                }

                ring.Clear();
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx != 0 || dy != 0) && skeleton.At<byte>(y + dy, x + dx) != 0)
                        {
                            ring.Add((dx, dy));
                        }
                    }
                }

                if (ring.Count >= 2 && ring.Count <= 3 && OneGroup(ring))
                {
                    skeleton.Set<byte>(y, x, 0);
                }
            }
        }
    }

    private static bool OneGroup(List<(int Dx, int Dy)> ring)
    {
        var reached = new HashSet<(int, int)> { ring[0] };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var p in ring)
            {
                if (!reached.Contains(p) && reached.Any(q => Math.Abs(q.Item1 - p.Dx) <= 1 && Math.Abs(q.Item2 - p.Dy) <= 1))
                {
                    reached.Add(p);
                    grew = true;
                }
            }
        }

        return reached.Count == ring.Count;
    }

    /// <summary>
    /// The links from (x, y) to its skeleton neighbours counted once per pair (right, down-left, down, down-right;
    /// a diagonal already bridged by an orthogonal pair is not a link), its neighbour count, and whether the line
    /// turns there (two neighbours not opposite each other).
    /// </summary>
    private static SkeletonSteps Steps(Mat skeleton, int x, int y, int rows, int cols)
    {
        var (orthogonal, diagonal) = (0, 0);
        var around = new List<(int Dx, int Dy)>(8);
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                var (nx, ny) = (x + dx, y + dy);
                if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= cols || ny >= rows || skeleton.At<byte>(ny, nx) == 0)
                {
                    continue;
                }

                around.Add((dx, dy));
                var isDiagonal = dx != 0 && dy != 0;

                // A diagonal neighbour already reached through an orthogonal one is the same step, not a second one.
                var bridged = isDiagonal && (skeleton.At<byte>(y, nx) != 0 || skeleton.At<byte>(ny, x) != 0);
                if ((dy > 0 || (dy == 0 && dx > 0)) && !bridged)
                {
                    _ = isDiagonal ? diagonal++ : orthogonal++;
                }
            }
        }

        var corner = around is [var a, var b] && (a.Dx + b.Dx != 0 || a.Dy + b.Dy != 0);
        return new SkeletonSteps(orthogonal, diagonal, around.Count, corner);
    }
}
