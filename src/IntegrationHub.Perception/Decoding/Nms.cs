namespace IntegrationHub.Perception.Decoding;

/// <summary>A candidate box in source pixels (corners).</summary>
public readonly record struct Candidate(float X1, float Y1, float X2, float Y2, float Score, int ClassId)
{
    public float Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);

    public float Iou(in Candidate other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}

public static class Nms
{
    /// <summary>Greedy non-maximum suppression within each class; the survivors by descending score, at most <paramref name="max"/>.</summary>
    public static List<Candidate> ClassWise(List<Candidate> candidates, float iouThreshold, int max)
    {
        var kept = new List<Candidate>();
        foreach (var group in candidates.GroupBy(c => c.ClassId))
        {
            var sorted = group.OrderByDescending(c => c.Score).ToList();
            var suppressed = new bool[sorted.Count];
            for (var i = 0; i < sorted.Count; i++)
            {
                if (suppressed[i])
                {
                    continue;
                }

                kept.Add(sorted[i]);
                for (var j = i + 1; j < sorted.Count; j++)
                {
                    if (!suppressed[j] && sorted[i].Iou(sorted[j]) > iouThreshold)
                    {
                        suppressed[j] = true;
                    }
                }
            }
        }

        return [.. kept.OrderByDescending(c => c.Score).ThenBy(c => c.ClassId).Take(max)];
    }
}
