using System.Buffers;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>The OCR model's CTC recogniser over upright line images: batches of similar aspect ratio, each line resized to the recogniser's height and padded to the batch's width.</summary>
public static class TextRecognizer
{
    public static (string Text, float Confidence)[] RecognizeAll(LoadedModel model, OcrSettings ocr, IReadOnlyList<SKBitmap> lines)
    {
        var result = new (string Text, float Confidence)[lines.Count];
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (float)lines[i].Width / lines[i].Height).ToArray();
        foreach (var batch in order.Chunk(ocr.RecBatchSize))
        {
            var read = Recognize(model, ocr, [.. batch.Select(i => lines[i])]);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = read[j];
            }
        }

        return result;
    }

    private static (string Text, float Confidence)[] Recognize(LoadedModel model, OcrSettings ocr, SKBitmap[] lines)
    {
        var h = ocr.RecHeight;
        var widths = lines.Select(c => Math.Clamp((int)MathF.Ceiling((float)h * c.Width / c.Height), 1, ocr.RecMaxWidth)).ToArray();
        var w = Math.Min(ocr.RecMaxWidth, Math.Max(ocr.RecMinWidth, widths.Max()));
        var item = 3 * h * w;
        var pixels = ArrayPool<float>.Shared.Rent(item * lines.Length);
        try
        {
            for (var i = 0; i < lines.Length; i++)
            {
                using var resized = Preprocess.Resize(lines[i], w, h, dest: new SKRect(0, 0, widths[i], h), fill: 128);
                Preprocess.ToChw(resized, ocr.RecNormalization, model.Bgr, pixels.AsSpan(i * item, item));
            }

            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, item * lines.Length), [lines.Length, 3, h, w]);
            var recInput = ocr.RecInput ?? model.Recognizer!.InputMetadata.Keys.First();
            using var outputs = model.Recognizer!.Run(model.RunOptions, [recInput], [input], [model.Recognizer.OutputMetadata.Keys.First()]);
            var output = outputs.First();
            var shape = output.GetTensorTypeAndShape().Shape;
            var (steps, classes) = ((int)shape[1], (int)shape[2]);
            var data = output.GetTensorDataAsSpan<float>();
            var result = new (string, float)[lines.Length];
            for (var i = 0; i < lines.Length; i++)
            {
                result[i] = model.Ctc!.Decode(data.Slice(i * steps * classes, steps * classes), steps, classes);
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }
}
