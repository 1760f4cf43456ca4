using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>
/// PP-OCR: find text boxes with the DB detector (or take the requested regions), recognise them in batches of similar
/// aspect ratio with the CTC recogniser, and keep the non-empty lines above the drop score, in reading order.
/// </summary>
public static class OcrPipeline
{
    public static List<TextLine> ReadText(LoadedModel model, SKBitmap bitmap, IReadOnlyList<BoundingBox>? regions)
    {
        var ocr = model.Manifest.Ocr ?? new OcrSettings();
        var boxes = regions is { Count: > 0 }
            ? [.. regions.Select(r => Preprocess.Region(r, bitmap))]
            : TextDetector.Detect(model, bitmap, ocr);
        var lines = new (string Text, float Confidence)[boxes.Count];
        var order = Enumerable.Range(0, boxes.Count).OrderBy(i => boxes[i].Width / boxes[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += ocr.RecBatchSize)
        {
            var batch = order.Skip(start).Take(ocr.RecBatchSize).ToArray();
            var recognized = TextRecognizer.Recognize(model, bitmap, ocr, [.. batch.Select(i => boxes[i])]);
            for (var j = 0; j < batch.Length; j++)
            {
                lines[batch[j]] = recognized[j];
            }
        }

        var result = new List<TextLine>();
        for (var i = 0; i < boxes.Count; i++)
        {
            if (lines[i].Text.Trim().Length > 0 && lines[i].Confidence >= ocr.DropScore)
            {
                var r = boxes[i];
                result.Add(new TextLine(lines[i].Text, new BoundingBox(r.Left, r.Top, r.Width, r.Height), lines[i].Confidence));
            }
        }

        return result;
    }
}
