using IntegrationHub.Perception.Imaging;

namespace IntegrationHub.Perception.Ocr;

/// <summary>A text region in detection-map pixels: a rotated rectangle, already unclipped.</summary>
public readonly record struct TextRegion(Quad Box, float Score);

/// <summary>
/// DB (differentiable binarisation) post-processing as PaddleOCR's DBPostProcess in quad mode: threshold the
/// probability map, take each connected region's minimum-area rotated rectangle, score it by the mean probability
/// inside it, and grow it by the unclip distance area·ratio/perimeter.
/// </summary>
public static class DbPostProcess
{
    public static List<TextRegion> FindRegions(ReadOnlySpan<float> prob, int width, int height, float binaryThreshold, float boxThreshold, float unclipRatio, int minSize)
    {
        var regions = new List<TextRegion>();
        foreach (var outline in ConnectedRegions.Find(prob, width, height, binaryThreshold))
        {
            var rect = MinAreaRect.Of(outline);
            if (rect.ShortSide < minSize)
            {
                continue;
            }

            var score = MeanInside(prob, width, height, rect.Inflate(0.5f));
            if (score < boxThreshold)
            {
                continue;
            }

            var grown = rect.Inflate(rect.Area * unclipRatio / rect.Perimeter);
            if (grown.ShortSide >= minSize + 2)
            {
                regions.Add(new TextRegion(grown.ToQuad(), score));
            }
        }

        return regions;
    }

    /// <summary>Mean probability over the pixel centres inside the rectangle (PaddleOCR's box_score_fast).</summary>
    private static float MeanInside(ReadOnlySpan<float> prob, int width, int height, MinAreaRect.Result rect)
    {
        var bounds = rect.ToQuad().Bounds;
        var (x0, x1) = (Math.Max(0, (int)MathF.Floor(bounds.Left)), Math.Min(width - 1, (int)MathF.Ceiling(bounds.Right)));
        var (y0, y1) = (Math.Max(0, (int)MathF.Floor(bounds.Top)), Math.Min(height - 1, (int)MathF.Ceiling(bounds.Bottom)));
        var (sum, count) = (0.0, 0);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (rect.Contains(x, y))
                {
                    sum += prob[y * width + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0f : (float)(sum / count);
    }
}
