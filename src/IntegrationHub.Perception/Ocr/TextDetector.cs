using System.Buffers;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>The OCR model's DB detector: text boxes in source pixels, in reading order.</summary>
public static class TextDetector
{
    public static List<SKRect> Detect(LoadedModel model, SKBitmap bitmap, OcrSettings ocr)
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
            var map = outputs.First();
            var regions = DbPostProcess.FindRegions(map.GetTensorDataAsSpan<float>(), w, h, ocr.BinaryThreshold, ocr.BoxThreshold, ocr.UnclipRatio, ocr.MinBoxSize);
            var (sx, sy) = ((float)bitmap.Width / w, (float)bitmap.Height / h);
            var rects = regions
                .Select(r => SKRect.Intersect(new SKRect(r.X1 * sx, r.Y1 * sy, r.X2 * sx, r.Y2 * sy), new SKRect(0, 0, bitmap.Width, bitmap.Height)))
                .Where(r => r.Width >= 1 && r.Height >= 1)
                .OrderBy(r => r.Top).ThenBy(r => r.Left)
                .ToList();
            InReadingOrder(rects);
            return rects;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    /// <summary>Top to bottom, left to right within a row (PaddleOCR's swap of near-equal tops).</summary>
    private static void InReadingOrder(List<SKRect> rects)
    {
        for (var i = 0; i + 1 < rects.Count; i++)
        {
            for (var j = i; j >= 0 && Math.Abs(rects[j + 1].Top - rects[j].Top) < 10 && rects[j + 1].Left < rects[j].Left; j--)
            {
                (rects[j], rects[j + 1]) = (rects[j + 1], rects[j]);
            }
        }
    }
}
