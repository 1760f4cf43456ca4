using System.Buffers;

namespace IntegrationHub.Perception.Ocr;

/// <summary>A text region in detection-map pixels (axis-aligned, already unclipped).</summary>
public readonly record struct TextRegion(float X1, float Y1, float X2, float Y2, float Score);

/// <summary>
/// DB (differentiable binarisation) post-processing: threshold the probability map, find connected regions,
/// score each by its mean probability, and grow it by the unclip distance area·ratio/perimeter.
/// Regions are axis-aligned (the contract's boxes are), which fits horizontal text.
/// </summary>
public static class DbPostProcess
{
    public static List<TextRegion> FindRegions(ReadOnlySpan<float> prob, int width, int height, float binaryThreshold, float boxThreshold, float unclipRatio, int minSize)
    {
        var plane = width * height;
        var labels = ArrayPool<int>.Shared.Rent(plane);
        var stack = ArrayPool<int>.Shared.Rent(plane);
        var regions = new List<TextRegion>();
        try
        {
            Array.Clear(labels, 0, plane);
            var next = 0;
            for (var start = 0; start < plane; start++)
            {
                if (labels[start] != 0 || prob[start] <= binaryThreshold)
                {
                    continue;
                }

                next++;
                var (minX, minY, maxX, maxY) = (int.MaxValue, int.MaxValue, -1, -1);
                var top = 0;
                stack[top++] = start;
                labels[start] = next;
                while (top > 0)
                {
                    var p = stack[--top];
                    var (x, y) = (p % width, p / width);
                    (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        var ny = y + dy;
                        if (ny < 0 || ny >= height)
                        {
                            continue;
                        }

                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var nx = x + dx;
                            if (nx < 0 || nx >= width)
                            {
                                continue;
                            }

                            var q = ny * width + nx;
                            if (labels[q] == 0 && prob[q] > binaryThreshold)
                            {
                                labels[q] = next;
                                stack[top++] = q;
                            }
                        }
                    }
                }

                var (w, h) = (maxX - minX + 1, maxY - minY + 1);
                if (Math.Min(w, h) < minSize)
                {
                    continue;
                }

                double sum = 0;
                for (var y = minY; y <= maxY; y++)
                {
                    for (var x = minX; x <= maxX; x++)
                    {
                        sum += prob[y * width + x];
                    }
                }

                var score = (float)(sum / (w * h));
                if (score < boxThreshold)
                {
                    continue;
                }

                var d = (float)w * h * unclipRatio / (2f * (w + h));
                var r = new TextRegion(
                    Math.Max(0, minX - d), Math.Max(0, minY - d), Math.Min(width, maxX + 1 + d), Math.Min(height, maxY + 1 + d), score);
                if (Math.Min(r.X2 - r.X1, r.Y2 - r.Y1) < minSize + 2)
                {
                    continue;
                }

                regions.Add(r);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(labels);
            ArrayPool<int>.Shared.Return(stack);
        }

        return regions;
    }
}
