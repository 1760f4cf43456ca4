using System.Buffers;
using System.Diagnostics;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Workers.Perception;
using IntegrationHub.Perception.Decoding;
using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Imaging;
using IntegrationHub.Perception.Models;
using IntegrationHub.Perception.Ocr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace IntegrationHub.Perception;

public sealed class PerceptionService(ModelHost host, ImageLoader loader, IOptions<PerceptionOptions> options, ILogger<PerceptionService> logger) : IPerceptionService
{
    private readonly PerceptionOptions settings = options.Value;

    public async Task<DetectReply> DetectAsync(DetectRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Validate(request.Images);
            var model = await host.GetAsync(request.Model);
            RequireTask(model, "detect");
            var m = model.Manifest;
            var (score, iou, max) = (request.ScoreThreshold ?? m.Thresholds.Score, request.IouThreshold ?? m.Thresholds.Iou, request.MaxDetections ?? m.Thresholds.MaxDetections);
            IReadOnlyList<string> labels = request.ClassNames is { Count: > 0 } names ? names : model.Labels;
            Func<SKBitmap, Task<List<Candidate>>> detect;
            if (string.Equals(m.Format, "omdet", StringComparison.OrdinalIgnoreCase))
            {
                if (labels.Count == 0)
                {
                    throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Model '{m.Name}' is open-vocabulary: give ClassNames.");
                }

                var text = await EncodeTextAsync(model, labels);
                detect = bitmap => Task.FromResult(RunOmDet(model, bitmap, text, labels.Count, score, iou, max));
            }
            else
            {
                detect = bitmap => RunYoloAsync(model, bitmap, labels.Count, score, iou, max, cancellationToken);
            }

            var results = await ForEachImageAsync(
                request.Images,
                async (image, bitmap) =>
                {
                    var found = await detect(bitmap);
                    return new ImageDetections(image.Id, bitmap.Width, bitmap.Height, [.. found.Select(c => new Detection(
                        c.ClassId < labels.Count ? labels[c.ClassId] : c.ClassId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        c.ClassId, c.Score, new BoundingBox(c.X1, c.Y1, c.X2 - c.X1, c.Y2 - c.Y1)))]);
                },
                (image, error) => new ImageDetections(image.Id, 0, 0, [], error),
                cancellationToken);
            return new DetectReply(results, Meta(m.Name, started));
        }
        catch (PerceptionException ex)
        {
            return new DetectReply([], Meta(request.Model, started), ex.ToError());
        }
    }

    public async Task<ClassifyReply> ClassifyAsync(ClassifyRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Validate(request.Images);
            var model = await host.GetAsync(request.Model);
            RequireTask(model, "classify");
            var results = await ForEachImageAsync(
                request.Images,
                async (image, bitmap) =>
                {
                    var scores = await RunVectorAsync(model, bitmap, request.Crop, cancellationToken);
                    Softmax(scores);
                    var top = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(Math.Max(1, request.TopK));
                    return new ImageClassification(image.Id, [.. top.Select(x => new ClassLabel(
                        x.i < model.Labels.Count ? model.Labels[x.i] : x.i.ToString(System.Globalization.CultureInfo.InvariantCulture), x.i, x.s))]);
                },
                (image, error) => new ImageClassification(image.Id, [], error),
                cancellationToken);
            return new ClassifyReply(results, Meta(model.Manifest.Name, started));
        }
        catch (PerceptionException ex)
        {
            return new ClassifyReply([], Meta(request.Model, started), ex.ToError());
        }
    }

    public async Task<EmbedReply> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var name = request.Model ?? settings.DefaultEmbedModel;
        try
        {
            Validate(request.Images);
            var model = await host.GetAsync(name);
            RequireTask(model, "embed", "classify");
            var results = await ForEachImageAsync(
                request.Images,
                async (image, bitmap) =>
                {
                    var vector = await RunVectorAsync(model, bitmap, null, cancellationToken);
                    var norm = MathF.Sqrt(vector.Sum(v => v * v));
                    if (norm > 0)
                    {
                        for (var i = 0; i < vector.Length; i++)
                        {
                            vector[i] /= norm;
                        }
                    }

                    return new ImageEmbedding(image.Id, vector);
                },
                (image, error) => new ImageEmbedding(image.Id, [], error),
                cancellationToken);
            return new EmbedReply(results, Meta(name, started));
        }
        catch (PerceptionException ex)
        {
            return new EmbedReply([], Meta(name, started), ex.ToError());
        }
    }

    public async Task<ReadTextReply> ReadTextAsync(ReadTextRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var name = request.Model ?? settings.DefaultOcrModel;
        try
        {
            Validate(request.Images);
            var model = await host.GetAsync(name);
            RequireTask(model, "ocr");
            var results = await ForEachImageAsync(
                request.Images,
                (image, bitmap) => Task.FromResult(new ImageText(image.Id, ReadText(model, bitmap, request.Regions))),
                (image, error) => new ImageText(image.Id, [], error),
                cancellationToken);
            return new ReadTextReply(results, Meta(name, started));
        }
        catch (PerceptionException ex)
        {
            return new ReadTextReply([], Meta(name, started), ex.ToError());
        }
    }

    private PerceptionMeta Meta(string model, long started) =>
        new(model, host.ExecutionProvider, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private void Validate(IReadOnlyList<ImageInput>? images)
    {
        if (images is null || images.Count == 0)
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, "The request has no images.");
        }

        if (images.Count > settings.MaxImagesPerRequest)
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, $"The request has {images.Count} images; the limit is {settings.MaxImagesPerRequest}.");
        }
    }

    private static void RequireTask(LoadedModel model, params string[] tasks)
    {
        if (!tasks.Contains(model.Manifest.Task, StringComparer.OrdinalIgnoreCase))
        {
            throw new PerceptionException(
                PerceptionErrors.ModelWrongTask, $"Model '{model.Manifest.Name}' is a {model.Manifest.Task} model; this request needs {string.Join(" or ", tasks)}.");
        }
    }

    /// <summary>Decodes and processes every image in parallel; a bad image gets its own error, the others still answer.</summary>
    private async Task<T[]> ForEachImageAsync<T>(
        IReadOnlyList<ImageInput> images, Func<ImageInput, SKBitmap, Task<T>> work, Func<ImageInput, ContractError, T> onError, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(images.Select(image => Task.Run(
            async () =>
            {
                try
                {
                    using var bitmap = await loader.LoadAsync(image ?? new ImageInput(), cancellationToken);
                    return await work(image!, bitmap);
                }
                catch (PerceptionException ex)
                {
                    return onError(image ?? new ImageInput(), ex.ToError());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Perception: image {Id} failed", image?.Id);
                    return onError(image ?? new ImageInput(), new ContractError(PerceptionErrors.Internal, ex.Message));
                }
            },
            cancellationToken)));
    }

    private async Task<float[]> RunVectorAsync(LoadedModel model, SKBitmap bitmap, BoundingBox? crop, CancellationToken cancellationToken)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var input = model.Runner!.RentInput();
        try
        {
            using var fitted = crop is null ? Preprocess.Fit(bitmap, w, h, model.Manifest.Input.Resize, model.Manifest.Input.PadValue).Bitmap : Preprocess.Resize(bitmap, w, h, CropRect(crop, bitmap));
            Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, input);
        }
        catch
        {
            model.Runner.Abandon(input);
            throw;
        }

        using var result = await model.Runner.RunAsync(input, cancellationToken);
        return result.Output(OutputIndex(model)).ToArray();
    }

    private async Task<List<Candidate>> RunYoloAsync(LoadedModel model, SKBitmap bitmap, int classCount, float score, float iou, int max, CancellationToken cancellationToken)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var input = model.Runner!.RentInput();
        Transform transform;
        try
        {
            var (fitted, t) = Preprocess.Fit(bitmap, w, h, model.Manifest.Input.Resize, model.Manifest.Input.PadValue);
            using (fitted)
            {
                Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, input);
            }

            transform = t;
        }
        catch
        {
            model.Runner.Abandon(input);
            throw;
        }

        using var result = await model.Runner.RunAsync(input, cancellationToken);
        var index = OutputIndex(model);
        return YoloDecoder.Decode(result.Output(index), result.Shapes[index], classCount, transform, score, iou, max, model.Manifest.OutputLayout);
    }

    private static int OutputIndex(LoadedModel model)
    {
        if (model.Manifest.Output is null)
        {
            return 0;
        }

        var index = model.Runner!.OutputNames.ToList().IndexOf(model.Manifest.Output);
        return index >= 0
            ? index
            : throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Model '{model.Manifest.Name}' has no output '{model.Manifest.Output}'.");
    }

    private static SKRect CropRect(BoundingBox box, SKBitmap bitmap)
    {
        var rect = SKRect.Intersect(new SKRect(box.X, box.Y, box.X + box.Width, box.Y + box.Height), new SKRect(0, 0, bitmap.Width, bitmap.Height));
        return rect.Width >= 1 && rect.Height >= 1
            ? rect
            : throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Region {box} does not overlap the {bitmap.Width}×{bitmap.Height} image.");
    }

    private static void Softmax(float[] values)
    {
        var sum = values.Sum();
        if (values.All(v => v >= 0) && Math.Abs(sum - 1) < 1e-3)
        {
            return;
        }

        var max = values.Max();
        var total = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            total += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }
    }

    // ---- open-vocabulary detection (OmDet-Turbo) ----

    internal sealed record TextFeatures(float[] Labels, int LabelCount, int Dim, float[] Tokens, float[] Mask, int TokenCount);

    /// <summary>Label embeddings of the class names and token features of the task prompt, through the LRU caches.</summary>
    private async Task<TextFeatures> EncodeTextAsync(LoadedModel model, IReadOnlyList<string> classNames)
    {
        var meta = model.Session.InputMetadata;
        var labelDims = meta.TryGetValue("label_feats", out var lm) ? lm.Dimensions : [-1, 1, -1];
        var taskDims = meta.TryGetValue("task_feats", out var tm) ? tm.Dimensions : [77, 1, -1];
        if (labelDims[0] > 0 && classNames.Count > labelDims[0])
        {
            throw new PerceptionException(PerceptionErrors.RequestInvalid, $"Model '{model.Manifest.Name}' takes at most {labelDims[0]} class names; got {classNames.Count}.");
        }

        var encoder = model.Manifest.TextEncoder ?? new TextEncoderSettings();
        var missing = classNames.Where(n => !model.PooledTextCache!.TryGet(n, out _)).Distinct().ToList();
        if (missing.Count > 0)
        {
            await Task.Run(() =>
            {
                var (pooled, dim, _, _, _) = RunTextEncoder(model, encoder, missing, wantTokens: false);
                for (var i = 0; i < missing.Count; i++)
                {
                    model.PooledTextCache!.Set(missing[i], pooled.AsSpan(i * dim, dim).ToArray());
                }
            });
        }

        var vectors = classNames.Select(n => model.PooledTextCache!.TryGet(n, out var v) ? v : throw new InvalidOperationException("evicted")).ToList();
        var d = vectors[0].Length;
        var k = labelDims[0] > 0 ? labelDims[0] : classNames.Count;
        var labels = new float[k * d];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(labels, i * d);
        }

        var prompt = encoder.PromptTemplate.Replace("{classes}", string.Join(", ", classNames), StringComparison.Ordinal);
        var t = taskDims[0] > 0 ? taskDims[0] : 77;
        if (!model.PromptCache!.TryGet(prompt, out var features))
        {
            features = await Task.Run(() =>
            {
                var (pooled, dim, tokens, mask, count) = RunTextEncoder(model, encoder, [prompt], wantTokens: true);
                var outTokens = new float[t * dim];
                var outMask = new float[t];
                if (tokens is null)
                {
                    pooled.AsSpan(0, dim).CopyTo(outTokens);
                    outMask[0] = 1;
                }
                else
                {
                    var n = Math.Min(t, count);
                    tokens.AsSpan(0, n * dim).CopyTo(outTokens);
                    mask!.AsSpan(0, n).CopyTo(outMask);
                }

                return (outTokens, outMask);
            });
            model.PromptCache.Set(prompt, features);
        }

        return new TextFeatures(labels, k, d, features.Tokens, features.Mask, t);
    }

    private static (float[] Pooled, int Dim, float[]? Tokens, float[]? Mask, int TokenCount) RunTextEncoder(
        LoadedModel model, TextEncoderSettings encoder, IReadOnlyList<string> texts, bool wantTokens)
    {
        var session = model.TextEncoder!;
        using var input = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [texts.Count]);
        for (var i = 0; i < texts.Count; i++)
        {
            input.StringTensorSetElementAt(texts[i].AsSpan(), i);
        }

        var names = new List<string> { encoder.Pooled };
        var tokens = wantTokens && encoder.Tokens is not null && session.OutputMetadata.ContainsKey(encoder.Tokens) && encoder.Mask is not null && session.OutputMetadata.ContainsKey(encoder.Mask);
        if (tokens)
        {
            names.Add(encoder.Tokens!);
            names.Add(encoder.Mask!);
        }

        using var outputs = session.Run(model.RunOptions, [encoder.Input], [input], names);
        var list = outputs.ToList();
        var pooledShape = list[0].GetTensorTypeAndShape().Shape;
        var pooled = list[0].GetTensorDataAsSpan<float>().ToArray();
        if (!tokens)
        {
            return (pooled, (int)pooledShape[^1], null, null, 0);
        }

        var tokenShape = list[1].GetTensorTypeAndShape().Shape;
        return (pooled, (int)pooledShape[^1], list[1].GetTensorDataAsSpan<float>().ToArray(), ReadAsFloat(list[2]), (int)tokenShape[1]);
    }

    private static float[] ReadAsFloat(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
        TensorElementType.Int64 => [.. value.GetTensorDataAsSpan<long>().ToArray().Select(v => (float)v)],
        TensorElementType.Int32 => [.. value.GetTensorDataAsSpan<int>().ToArray().Select(v => (float)v)],
        TensorElementType.Bool => [.. value.GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1f : 0f)],
        var other => throw new PerceptionException(PerceptionErrors.TensorShape, $"Text encoder mask of type {other} is not supported."),
    };

    private static List<Candidate> RunOmDet(LoadedModel model, SKBitmap bitmap, TextFeatures text, int classCount, float score, float iou, int max)
    {
        var (h, w) = ((int)model.ItemShape[1], (int)model.ItemShape[2]);
        var size = 3 * h * w;
        var pixels = ArrayPool<float>.Shared.Rent(size);
        try
        {
            using (var fitted = Preprocess.Resize(bitmap, w, h))
            {
                Preprocess.ToChw(fitted, model.Manifest.Normalization, model.Bgr, pixels);
            }

            var meta = model.Session.InputMetadata;
            using var img = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, size), [1, 3, h, w]);
            using var labels = OrtValue.CreateTensorValueFromMemory(text.Labels, [text.LabelCount, 1, text.Dim]);
            using var task = OrtValue.CreateTensorValueFromMemory(text.Tokens, [text.TokenCount, 1, text.Dim]);
            using var mask = MaskValue(meta.TryGetValue("task_mask", out var mm) ? mm.ElementDataType : TensorElementType.Float, text.Mask);
            var names = new List<string> { model.InputName, "label_feats", "task_feats", "task_mask" };
            using var outputs = model.Session.Run(model.RunOptions, names, [img, labels, task, mask], [.. model.Session.OutputMetadata.Keys]);
            var list = outputs.ToList();
            var boxIndex = model.Session.OutputMetadata.Keys.ToList().FindIndex(n => n.Contains("box", StringComparison.OrdinalIgnoreCase));
            var (b, l) = boxIndex == 1 ? (list[1], list[0]) : (list[0], list[1]);
            return OmDetDecoder.Decode(
                b.GetTensorDataAsSpan<float>(), b.GetTensorTypeAndShape().Shape, l.GetTensorDataAsSpan<float>(), l.GetTensorTypeAndShape().Shape,
                classCount, bitmap.Width, bitmap.Height, model.Manifest.Thresholds.TopK, score, iou, max);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    private static OrtValue MaskValue(TensorElementType type, float[] mask) => type switch
    {
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(mask.Select(v => (long)v).ToArray(), [1, mask.Length]),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(mask.Select(v => (int)v).ToArray(), [1, mask.Length]),
        TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(mask.Select(v => v != 0).ToArray(), [1, mask.Length]),
        _ => OrtValue.CreateTensorValueFromMemory(mask, [1, mask.Length]),
    };

    // ---- OCR (PP-OCR: DB detection + CTC recognition) ----

    private static List<TextLine> ReadText(LoadedModel model, SKBitmap bitmap, IReadOnlyList<BoundingBox>? regions)
    {
        var ocr = model.Manifest.Ocr ?? new OcrSettings();
        var boxes = regions is { Count: > 0 }
            ? [.. regions.Select(r => CropRect(r, bitmap))]
            : DetectText(model, bitmap, ocr);
        var lines = new (string Text, float Confidence)[boxes.Count];
        var order = Enumerable.Range(0, boxes.Count).OrderBy(i => boxes[i].Width / boxes[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += ocr.RecBatchSize)
        {
            var batch = order.Skip(start).Take(ocr.RecBatchSize).ToArray();
            var recognized = Recognize(model, bitmap, ocr, [.. batch.Select(i => boxes[i])]);
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

    private static List<SKRect> DetectText(LoadedModel model, SKBitmap bitmap, OcrSettings ocr)
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

            // Reading order: top to bottom, left to right within a row (PaddleOCR's swap of near-equal tops).
            for (var i = 0; i + 1 < rects.Count; i++)
            {
                for (var j = i; j >= 0 && Math.Abs(rects[j + 1].Top - rects[j].Top) < 10 && rects[j + 1].Left < rects[j].Left; j--)
                {
                    (rects[j], rects[j + 1]) = (rects[j + 1], rects[j]);
                }
            }

            return rects;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    private static (string Text, float Confidence)[] Recognize(LoadedModel model, SKBitmap bitmap, OcrSettings ocr, SKRect[] crops)
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
