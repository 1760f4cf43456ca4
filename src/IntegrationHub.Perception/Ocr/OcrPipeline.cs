using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>
/// PP-OCR: find text regions with the DB detector (or take the requested ones), cut each out as an upright line
/// (perspective crop; a tall one turned a quarter, as a vertical line), recognise the lines with the CTC recogniser,
/// read a low-confidence line again turned half a turn (upside down) and keep the better reading, and return the
/// non-empty lines above the drop score in reading order.
/// </summary>
public static class OcrPipeline
{
    public static List<TextLine> ReadText(LoadedModel model, SKBitmap bitmap, IReadOnlyList<BoundingBox>? regions)
    {
        var ocr = model.Manifest.Ocr ?? new OcrSettings();
        var quads = regions is { Count: > 0 }
            ? [.. regions.Select(r => Quad.FromRect(Preprocess.Region(r, bitmap)))]
            : TextDetector.Detect(model, bitmap, ocr);
        var crops = quads.Select(q => Upright(LineCrop.Crop(bitmap, q), ocr)).ToList();
        try
        {
            var read = TextRecognizer.RecognizeAll(model, ocr, crops);
            RetryUpsideDown(model, ocr, crops, read);
            var result = new List<TextLine>();
            for (var i = 0; i < quads.Count; i++)
            {
                if (read[i].Text.Trim().Length > 0 && read[i].Confidence >= ocr.DropScore)
                {
                    var r = quads[i].Bounds;
                    result.Add(new TextLine(read[i].Text.Trim(), new BoundingBox(r.Left, r.Top, r.Width, r.Height), read[i].Confidence));
                }
            }

            return result;
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    /// <summary>A crop much taller than wide is a vertical line: turned a quarter so it runs left to right (PaddleOCR's rot90).</summary>
    private static SKBitmap Upright(SKBitmap crop, OcrSettings ocr)
    {
        if (crop.Height < ocr.VerticalAspect * crop.Width)
        {
            return crop;
        }

        using (crop)
        {
            return LineCrop.RotateCounterClockwise(crop);
        }
    }

    /// <summary>Lines read with less than <see cref="OcrSettings.FlipBelowScore"/> are read again upside down; the more confident reading wins.</summary>
    private static void RetryUpsideDown(LoadedModel model, OcrSettings ocr, List<SKBitmap> crops, (string Text, float Confidence)[] read)
    {
        var doubtful = Enumerable.Range(0, crops.Count).Where(i => read[i].Confidence < ocr.FlipBelowScore).ToArray();
        if (doubtful.Length == 0)
        {
            return;
        }

        var turned = doubtful.Select(i => LineCrop.RotateHalfTurn(crops[i])).ToList();
        try
        {
            var again = TextRecognizer.RecognizeAll(model, ocr, turned);
            for (var j = 0; j < doubtful.Length; j++)
            {
                if (again[j].Confidence > read[doubtful[j]].Confidence)
                {
                    read[doubtful[j]] = again[j];
                }
            }
        }
        finally
        {
            turned.ForEach(t => t.Dispose());
        }
    }
}
