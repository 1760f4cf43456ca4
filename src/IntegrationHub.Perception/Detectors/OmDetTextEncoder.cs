using IntegrationHub.Perception.Engine;
using IntegrationHub.Perception.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace IntegrationHub.Perception.Detectors;

/// <summary>Label embeddings of the class names and token features of the task prompt, as the OmDet detector takes them.</summary>
public sealed record TextFeatures(float[] Labels, int LabelCount, int Dim, float[] Tokens, float[] Mask, int TokenCount);

/// <summary>Runs OmDet's text encoder on class names and the task prompt, through the model's LRU caches.</summary>
public static class OmDetTextEncoder
{
    public static async Task<TextFeatures> EncodeAsync(LoadedModel model, IReadOnlyList<string> classNames)
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
                var (pooled, dim, _, _, _) = Run(model, encoder, missing, wantTokens: false);
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
            features = await Task.Run(() => PromptFeatures(model, encoder, prompt, t));
            model.PromptCache.Set(prompt, features);
        }

        return new TextFeatures(labels, k, d, features.Tokens, features.Mask, t);
    }

    /// <summary>The prompt's token features and mask padded to <paramref name="length"/> tokens (the pooled vector when the encoder has no token output).</summary>
    private static (float[] Tokens, float[] Mask) PromptFeatures(LoadedModel model, TextEncoderSettings encoder, string prompt, int length)
    {
        var (pooled, dim, tokens, mask, count) = Run(model, encoder, [prompt], wantTokens: true);
        var outTokens = new float[length * dim];
        var outMask = new float[length];
        if (tokens is null)
        {
            pooled.AsSpan(0, dim).CopyTo(outTokens);
            outMask[0] = 1;
        }
        else
        {
            var n = Math.Min(length, count);
            tokens.AsSpan(0, n * dim).CopyTo(outTokens);
            mask!.AsSpan(0, n).CopyTo(outMask);
        }

        return (outTokens, outMask);
    }

    private static (float[] Pooled, int Dim, float[]? Tokens, float[]? Mask, int TokenCount) Run(
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
}
