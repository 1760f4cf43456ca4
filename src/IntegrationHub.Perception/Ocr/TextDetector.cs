using System.Buffers;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>The OCR model's DB detector: text regions as rotated rectangles in source pixels, in reading order.</summary>
public static class TextDetector
{
    /// <summary>Lines whose starts differ by less than this many pixels vertically count as one row (PaddleOCR's sorted_boxes).</summary>
    private const float SameRow = 10;

    public static List<Quad> Detect(LoadedModel model, SKBitmap bitmap, OcrSettings ocr)
    {
        var ratio = Math.Min(1f, (float)ocr.DetLimitSideLen / Math.Max(bitmap.Width, bitmap.Height));
        var w = Math.Max(32, (int)MathF.Round(bitmap.Width * ratio / 32) * 32);
        var h = Math.Max(32, (int)MathF.Round(bitmap.Height * ratio / 32) * 32);
        var size = 3 * w * h;
        var pixels = ArrayPool<float>.Shared.Rent(size);
        try
        {
            using (var resized = Preprocess.Resize(bitmap, w, h))
            {
                Preprocess.ToChw(resized, model.Manifest.Normalization, model.Bgr, pixels);
            }

            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, size), [1, 3, h, w]);
            using var outputs = model.Session.Run(model.RunOptions, [model.InputName], [input], [model.Session.OutputMetadata.Keys.First()]);
            var regions = DbPostProcess.FindRegions(outputs.First().GetTensorDataAsSpan<float>(), w, h, ocr.BinaryThreshold, ocr.BoxThreshold, ocr.UnclipRatio, ocr.MinBoxSize);
            var (sx, sy) = ((float)bitmap.Width / w, (float)bitmap.Height / h);
            var quads = regions
                .Select(r => r.Box.Scale(sx, sy, bitmap.Width, bitmap.Height))
                .Where(q => q.Width >= 1 && q.Height >= 1)
                .ToList();
            return InReadingOrder(quads);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    /// <summary>Top to bottom by each line's start, then left to right within a row (PaddleOCR's swap of near-equal tops).</summary>
    public static List<Quad> InReadingOrder(List<Quad> quads)
    {
        var sorted = quads.OrderBy(q => q.TopLeft.Y).ThenBy(q => q.TopLeft.X).ToList();
        for (var i = 0; i + 1 < sorted.Count; i++)
        {
            for (var j = i; j >= 0 && Math.Abs(sorted[j + 1].TopLeft.Y - sorted[j].TopLeft.Y) < SameRow && sorted[j + 1].TopLeft.X < sorted[j].TopLeft.X; j--)
            {
                (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
            }
        }

        return sorted;
    }
}
