using System.Buffers;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace IntegrationHub.Perception.Ocr;

/// <summary>The OCR model's CTC recogniser: one batch of crops, each resized to the recogniser's height, padded to one width.</summary>
public static class TextRecognizer
{
    public static (string Text, float Confidence)[] Recognize(LoadedModel model, SKBitmap bitmap, OcrSettings ocr, SKRect[] crops)
    {
        var h = ocr.RecHeight;
        var widths = crops.Select(c => Math.Clamp((int)MathF.Ceiling(h * c.Width / c.Height), 1, ocr.RecMaxWidth)).ToArray();
        var w = Math.Min(ocr.RecMaxWidth, Math.Max(ocr.RecMinWidth, widths.Max()));
        var item = 3 * h * w;
        var pixels = ArrayPool<float>.Shared.Rent(item * crops.Length);
        try
        {
            for (var i = 0; i < crops.Length; i++)
            {
                using var resized = Preprocess.Resize(bitmap, w, h, crops[i], new SKRect(0, 0, widths[i], h), fill: 128);
                Preprocess.ToChw(resized, ocr.RecNormalization, model.Bgr, pixels.AsSpan(i * item, item));
            }

            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, item * crops.Length), [crops.Length, 3, h, w]);
            var recInput = ocr.RecInput ?? model.Recognizer!.InputMetadata.Keys.First();
            using var outputs = model.Recognizer!.Run(model.RunOptions, [recInput], [input], [model.Recognizer.OutputMetadata.Keys.First()]);
            var output = outputs.First();
            var shape = output.GetTensorTypeAndShape().Shape;
            var (steps, classes) = ((int)shape[1], (int)shape[2]);
            var data = output.GetTensorDataAsSpan<float>();
            var result = new (string, float)[crops.Length];
            for (var i = 0; i < crops.Length; i++)
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
