using System.Collections.Concurrent;
using IntegrationHub.Perception.Models;
using IntegrationHub.Perception.Ocr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Perception.Engine;

/// <summary>A model with its sessions (one per file, reused by every request) and what decoding needs.</summary>
public sealed class LoadedModel : IAsyncDisposable
{
    internal LoadedModel(ModelManifest manifest, IReadOnlyList<string> labels)
    {
        Manifest = manifest;
        Labels = labels;
    }

    public ModelManifest Manifest { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>The main network (the detector for OCR).</summary>
    public InferenceSession Session { get; internal set; } = null!;

    public string InputName { get; internal set; } = "";

    /// <summary>Per-image input shape without the batch dimension (C, H, W); H or W ≤ 0 when dynamic.</summary>
    public long[] ItemShape { get; internal set; } = [];

    /// <summary>For fixed-size single-input models.</summary>
    public BatchingRunner? Runner { get; internal set; }

    public InferenceSession? Recognizer { get; internal set; }

    public CtcDecoder? Ctc { get; internal set; }

    public InferenceSession? TextEncoder { get; internal set; }

    public LruCache<string, float[]>? PooledTextCache { get; internal set; }

    public LruCache<string, (float[] Tokens, float[] Mask)>? PromptCache { get; internal set; }

    /// <summary>Shared by every run of this model's sessions (read-only once created).</summary>
    public RunOptions RunOptions { get; } = new();

    public bool Bgr => string.Equals(Manifest.Input.ColorOrder, "BGR", StringComparison.OrdinalIgnoreCase);

    /// <summary>The runner's output the manifest names (the first when it names none).</summary>
    public int OutputIndex()
    {
        if (Manifest.Output is null)
        {
            return 0;
        }

        var index = Runner!.OutputNames.ToList().IndexOf(Manifest.Output);
        return index >= 0
            ? index
            : throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Model '{Manifest.Name}' has no output '{Manifest.Output}'.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Runner is not null)
        {
            await Runner.DisposeAsync();
        }

        Session?.Dispose();
        Recognizer?.Dispose();
        TextEncoder?.Dispose();
        RunOptions.Dispose();
    }
}

/// <summary>Loads each model once, on first use, and keeps it: one <see cref="InferenceSession"/> per file.</summary>
public sealed class ModelHost(ModelCatalog catalog, SessionFactory factory, IOptions<PerceptionOptions> options, ILogger<ModelHost> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> _models = new(StringComparer.Ordinal);
    private readonly PerceptionOptions _settings = options.Value;

    public string ExecutionProvider => factory.ExecutionProvider;

    public ModelCatalog Catalog => catalog;

    public async Task<LoadedModel> GetAsync(string name)
    {
        var lazy = _models.GetOrAdd(name, n => new Lazy<Task<LoadedModel>>(() => Task.Run(() => Load(n))));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed load (missing file, bad hash) is retried on the next request, after models/fetch has run.
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(name, lazy));
            throw;
        }
    }

    private LoadedModel Load(string name)
    {
        var manifest = WithBackboneInput(catalog.GetManifest(name));
        var format = manifest.Format.ToLowerInvariant();
        var model = new LoadedModel(manifest, format == "ppocr" ? [] : catalog.LoadLabels(manifest));
        try
        {
            if (format == "ppocr")
            {
                OpenOcr(name, manifest, model);
            }
            else
            {
                OpenNetwork(name, manifest, format, model);
            }

            logger.LogInformation(
                "Perception: model {Model} ({Task}/{Format}) ready on {Provider}; input {Input} [{Shape}]; batching {Batching}",
                name, manifest.Task, manifest.Format, factory.ExecutionProvider, model.InputName, string.Join(",", model.ItemShape), model.Runner?.Batching ?? false);
            return model;
        }
        catch (Exception ex)
        {
            _ = model.DisposeAsync().AsTask();
            if (ex is PerceptionException)
            {
                throw;
            }

            throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Model '{name}' could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>PP-OCR: the detector, the recognizer and its dictionary, which must agree on the class count.</summary>
    private void OpenOcr(string name, ModelManifest manifest, LoadedModel model)
    {
        var ocr = manifest.Ocr ?? new OcrSettings();
        model.Session = Open(catalog.ResolveFile(manifest, "det"));
        model.Recognizer = Open(catalog.ResolveFile(manifest, "rec"));
        model.InputName = ocr.DetInput ?? model.Session.InputMetadata.Keys.First();
        var dictionary = File.ReadAllLines(catalog.ResolveFile(manifest, "dictionary"));
        model.Ctc = new CtcDecoder(dictionary, ocr.UseSpaceChar);
        var classes = model.Recognizer.OutputMetadata.Values.First().Dimensions[^1];
        if (classes > 0 && classes != model.Ctc.ClassCount)
        {
            throw new PerceptionException(
                PerceptionErrors.TensorShape,
                $"Recognizer of '{name}' has {classes} classes but its dictionary gives {model.Ctc.ClassCount} (blank + characters + space).");
        }
    }

    /// <summary>One network and its input; an open-vocabulary detector also its text encoder and caches, any other a batching runner.</summary>
    private void OpenNetwork(string name, ModelManifest manifest, string format, LoadedModel model)
    {
        var (path, patch) = Network(manifest);
        model.Session = Open(path, patch);
        model.InputName = manifest.Input.Name ?? model.Session.InputMetadata.Keys.First();
        if (!model.Session.InputMetadata.TryGetValue(model.InputName, out var meta))
        {
            throw new PerceptionException(
                PerceptionErrors.TensorShape,
                $"Model '{name}' has no input '{model.InputName}'; its inputs are {string.Join(", ", model.Session.InputMetadata.Keys)}.");
        }

        model.ItemShape = ItemShape(name, manifest, meta.Dimensions);
        if (format == "omdet")
        {
            model.TextEncoder = Open(catalog.ResolveFile(manifest, "textEncoder"));
            model.PooledTextCache = new LruCache<string, float[]>(_settings.TextEmbeddingCacheSize);
            model.PromptCache = new LruCache<string, (float[], float[])>(_settings.TextEmbeddingCacheSize);
        }
        else
        {
            model.Runner = new BatchingRunner(
                model.Session, model.InputName, model.ItemShape, _settings.Batching, _settings.MaxBatchSize, TimeSpan.FromMilliseconds(_settings.MaxBatchWaitMs), _settings.ConcurrentBatches);
        }
    }

    /// <summary>A head model is fed as its backbone is.</summary>
    private ModelManifest WithBackboneInput(ModelManifest manifest)
    {
        if (manifest.Backbone is null)
        {
            return manifest;
        }

        var backbone = catalog.GetManifest(manifest.Backbone);
        if (backbone.Backbone is not null || !backbone.Files.ContainsKey("model"))
        {
            throw new PerceptionException(
                PerceptionErrors.ModelInvalid, $"Model '{manifest.Name}' names backbone '{manifest.Backbone}', which is not a single-network model.");
        }

        return manifest with { Input = backbone.Input, Normalization = backbone.Normalization };
    }

    /// <summary>The network file to open and how to change it in memory: the batch made dynamic, a head appended.</summary>
    private (string Path, Func<byte[], byte[]>? Patch) Network(ModelManifest manifest)
    {
        var inputName = manifest.Input.Name;
        Func<byte[], byte[]>? batch = manifest.Input.DynamicBatch && inputName is not null ? bytes => OnnxBatchPatch.MakeBatchDynamic(bytes, inputName) : null;
        if (manifest.Backbone is null)
        {
            return (catalog.ResolveFile(manifest, "model"), batch);
        }

        var backbonePath = catalog.ResolveFile(catalog.GetManifest(manifest.Backbone), "model");
        var head = File.ReadAllBytes(catalog.ResolveFile(manifest, "head"));
        return (backbonePath, bytes => OnnxHeadComposer.Append(batch is null ? bytes : batch(bytes), head));
    }

    private InferenceSession Open(string path, Func<byte[], byte[]>? patch = null)
    {
        try
        {
            return factory.Create(path, patch);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PerceptionException(PerceptionErrors.ModelInvalid, $"ONNX Runtime cannot load {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The per-image input shape: the model's own dimensions, checked against the manifest's.</summary>
    private static long[] ItemShape(string name, ModelManifest manifest, int[] actual)
    {
        var declared = manifest.Input.Shape;
        if (actual.Length != 4)
        {
            throw new PerceptionException(PerceptionErrors.TensorShape, $"Model '{name}' input has {actual.Length} dimensions; an NCHW image input has 4.");
        }

        var shape = new long[3];
        for (var i = 1; i < 4; i++)
        {
            long want = declared is { Length: 4 } ? declared[i] : -1;
            long have = actual[i];
            if (want > 0 && have > 0 && want != have)
            {
                throw new PerceptionException(
                    PerceptionErrors.TensorShape,
                    $"Model '{name}' input is [{string.Join(",", actual)}] but its manifest says [{string.Join(",", declared!)}].");
            }

            shape[i - 1] = have > 0 ? have : want;
        }

        if (shape.Any(d => d <= 0))
        {
            throw new PerceptionException(PerceptionErrors.TensorShape, $"Model '{name}' has a dynamic input size; give input.shape in its manifest.");
        }

        return shape;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _models.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        _models.Clear();
    }
}
