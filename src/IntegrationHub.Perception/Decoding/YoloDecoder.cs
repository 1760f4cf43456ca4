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
        var head = Head.Of(shape, classCount, layout);
        var first = head.Objectness ? 5 : 4;
        var stride = head.AttributeStride;
        var candidates = new List<Candidate>();
        for (var i = 0; i < head.Anchors; i++)
        {
            var at = i * head.AnchorStride;
            var obj = head.Objectness ? output[at + 4 * stride] : 1f;
            if (obj < scoreThreshold)
            {
                continue;
            }

            var (best, bestScore) = (-1, float.MinValue);
            for (var c = 0; c < head.ClassCount; c++)
            {
                var s = output[at + (first + c) * stride];
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

            var (cx, cy, w, h) = (output[at], output[at + stride], output[at + 2 * stride], output[at + 3 * stride]);
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

    /// <summary>Where an anchor's attributes lie in the output: strides between attributes and between anchors, and whether there is an objectness column.</summary>
    private readonly record struct Head(int Anchors, int AttributeStride, int AnchorStride, bool Objectness, int ClassCount)
    {
        public static Head Of(long[] shape, int classCount, string? layout)
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

            var v5 = string.Equals(layout, "yolov5", StringComparison.OrdinalIgnoreCase);
            var v8 = string.Equals(layout, "yolov8", StringComparison.OrdinalIgnoreCase);
            if (a == 4 + classCount && !v5)
            {
                return new(b, b, 1, false, classCount);
            }

            if (b == 5 + classCount && !v8)
            {
                return new(a, 1, b, true, classCount);
            }

            if (b == 4 + classCount)
            {
                return new(a, 1, b, false, classCount);
            }

            if (a == 5 + classCount)
            {
                return new(b, b, 1, true, classCount);
            }

            throw Mismatch(shape, classCount);
        }
    }

    private static PerceptionException Mismatch(long[] shape, int classCount) => new(
        PerceptionErrors.TensorShape,
        $"Detector output [{string.Join(",", shape)}] fits neither [1,4+C,N] nor [1,N,5+C] with C={classCount} labels.");
}
