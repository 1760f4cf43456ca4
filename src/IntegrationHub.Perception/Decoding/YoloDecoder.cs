using IntegrationHub.Perception.Imaging;

namespace IntegrationHub.Perception.Decoding;

/// <summary>
/// YOLO heads: v8/v11 <c>[1, 4+C, N]</c> (cx, cy, w, h, class scores; also accepted transposed) and
/// v5 <c>[1, N, 5+C]</c> (cx, cy, w, h, objectness, class scores), in input pixels of a letterboxed image.
/// </summary>
public static class YoloDecoder
{
    public static List<Candidate> Decode(ReadOnlySpan<float> output, long[] shape, int classCount, Transform transform, float scoreThreshold, float iouThreshold, int maxDetections, string? layout = null)
    {
        if (shape.Length != 3 || shape[0] != 1)
        {
            throw Mismatch(shape, classCount);
        }

        var (a, b) = ((int)shape[1], (int)shape[2]);
        if (classCount <= 0)
        {
            classCount = a < b ? a - 4 : b - 5;
        }

        // Layout: stride between attributes and between anchors, and whether there is an objectness column.
        int n, attrStride, anchorStride;
        bool objectness;
        var v5 = string.Equals(layout, "yolov5", StringComparison.OrdinalIgnoreCase);
        var v8 = string.Equals(layout, "yolov8", StringComparison.OrdinalIgnoreCase);
        if (a == 4 + classCount && !v5)
        {
            (n, attrStride, anchorStride, objectness) = (b, b, 1, false);
        }
        else if (b == 5 + classCount && !v8)
        {
            (n, attrStride, anchorStride, objectness) = (a, 1, b, true);
        }
        else if (b == 4 + classCount)
        {
            (n, attrStride, anchorStride, objectness) = (a, 1, b, false);
        }
        else if (a == 5 + classCount)
        {
            (n, attrStride, anchorStride, objectness) = (b, b, 1, true);
        }
        else
        {
            throw Mismatch(shape, classCount);
        }

        var first = objectness ? 5 : 4;
        var candidates = new List<Candidate>();
        for (var i = 0; i < n; i++)
        {
            var at = i * anchorStride;
            var obj = objectness ? output[at + 4 * attrStride] : 1f;
            if (obj < scoreThreshold)
            {
                continue;
            }

            var (best, bestScore) = (-1, float.MinValue);
            for (var c = 0; c < classCount; c++)
            {
                var s = output[at + (first + c) * attrStride];
                if (s > bestScore)
                {
                    (best, bestScore) = (c, s);
                }
            }

            var score = bestScore * obj;
            if (score < scoreThreshold)
            {
                continue;
            }

            var (cx, cy, w, h) = (output[at], output[at + attrStride], output[at + 2 * attrStride], output[at + 3 * attrStride]);
            candidates.Add(ToSource(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, best, transform));
        }

        return Nms.ClassWise(candidates, iouThreshold, maxDetections);
    }

    internal static Candidate ToSource(float x1, float y1, float x2, float y2, float score, int classId, Transform t)
    {
        var (sx1, sy1) = t.ToSource(x1, y1);
        var (sx2, sy2) = t.ToSource(x2, y2);
        return new Candidate(
            Math.Clamp(sx1, 0, t.SourceWidth), Math.Clamp(sy1, 0, t.SourceHeight),
            Math.Clamp(sx2, 0, t.SourceWidth), Math.Clamp(sy2, 0, t.SourceHeight), score, classId);
    }

    private static PerceptionException Mismatch(long[] shape, int classCount) => new(
        PerceptionErrors.TensorShape,
        $"Detector output [{string.Join(",", shape)}] fits neither [1,4+C,N] nor [1,N,5+C] with C={classCount} labels.");
}
