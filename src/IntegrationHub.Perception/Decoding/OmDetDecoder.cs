namespace IntegrationHub.Perception.Decoding;

/// <summary>
/// OmDet-Turbo heads: boxes <c>[1,1,Q,4]</c> (normalised cx, cy, w, h, already sigmoid) and class logits <c>[1,1,Q,K]</c>:
/// sigmoid, top-k over all query×class pairs, score threshold, then per-class NMS.
/// </summary>
public static class OmDetDecoder
{
    public static List<Candidate> Decode(
        ReadOnlySpan<float> boxes, long[] boxShape, ReadOnlySpan<float> logits, long[] logitShape,
        int classCount, int width, int height, int topK, float scoreThreshold, float iouThreshold, int maxDetections)
    {
        if (boxShape.Length != 4 || boxShape[^1] != 4 || logitShape.Length != 4 || logitShape[2] != boxShape[2])
        {
            throw new PerceptionException(
                PerceptionErrors.TensorShape,
                $"OmDet outputs [{string.Join(",", boxShape)}] and [{string.Join(",", logitShape)}] are not [1,1,Q,4] and [1,1,Q,K].");
        }

        var (queries, k) = ((int)boxShape[2], (int)logitShape[3]);
        var usable = Math.Min(classCount, k);
        var top = new PriorityQueue<(int Query, int Class, float Score), float>();
        for (var q = 0; q < queries; q++)
        {
            for (var c = 0; c < usable; c++)
            {
                var score = Sigmoid(logits[q * k + c]);
                if (score < scoreThreshold)
                {
                    continue;
                }

                if (top.Count < topK)
                {
                    top.Enqueue((q, c, score), score);
                }
                else if (top.TryPeek(out _, out var lowest) && score > lowest)
                {
                    top.EnqueueDequeue((q, c, score), score);
                }
            }
        }

        var candidates = new List<Candidate>(top.Count);
        while (top.TryDequeue(out var item, out _))
        {
            var at = item.Query * 4;
            var (cx, cy, w, h) = (boxes[at] * width, boxes[at + 1] * height, boxes[at + 2] * width, boxes[at + 3] * height);
            candidates.Add(new Candidate(
                Math.Clamp(cx - w / 2, 0, width), Math.Clamp(cy - h / 2, 0, height),
                Math.Clamp(cx + w / 2, 0, width), Math.Clamp(cy + h / 2, 0, height), item.Score, item.Class));
        }

        return Nms.ClassWise(candidates, iouThreshold, maxDetections);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
