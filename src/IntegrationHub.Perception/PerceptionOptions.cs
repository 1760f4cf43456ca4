using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Perception;

/// <summary>Bound from the <c>Perception</c> configuration section.</summary>
public sealed class PerceptionOptions
{
    public const string SectionName = "Perception";

    /// <summary>Folder with the manifests; null finds <c>models/</c> beside IntegrationHub.sln above the app, else <c>./models</c>.</summary>
    public string? ModelsPath { get; set; }

    /// <summary>Folder with the model files; null is <c>{ModelsPath}/cache</c> (what <c>models/fetch</c> fills).</summary>
    public string? CachePath { get; set; }

    /// <summary>Folders an image reference may point into; anything else is refused.</summary>
    public List<string> AllowedFolders { get; set; } = [];

    /// <summary>Hosts (name or name:port) an http(s) image reference may be fetched from; none by default.</summary>
    public List<string> AllowedUrlHosts { get; set; } = [];

    public TimeSpan UrlTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public bool UseCuda { get; set; }

    public int CudaDeviceId { get; set; }

    /// <summary>0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    public int InterOpThreads { get; set; } = 1;

    /// <summary>
    /// Let ONNX Runtime's idle intra-op threads spin. Off by default: decoding and resizing run beside inference
    /// on the same cores, and spinning threads starve them.
    /// </summary>
    public bool AllowSpinning { get; set; }

    public GraphOptimizationLevel GraphOptimization { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    public bool EnableMemoryArena { get; set; } = true;

    /// <summary>Micro-batching across concurrent requests, for models whose batch dimension is dynamic.</summary>
    public bool Batching { get; set; } = true;

    public int MaxBatchSize { get; set; } = 16;

    public double MaxBatchWaitMs { get; set; } = 2;

    /// <summary>Batched runs in flight at once per model (2 keeps a CPU's cores busy; 1 on a GPU that is already full).</summary>
    public int ConcurrentBatches { get; set; } = 2;

    public bool VerifyHashes { get; set; } = true;

    public long MaxImageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest side in pixels accepted; 20000×20000 is refused by default.</summary>
    public int MaxImageSide { get; set; } = 12000;

    public long MaxImagePixels { get; set; } = 50_000_000;

    public int MaxImagesPerRequest { get; set; } = 64;

    /// <summary>Entries in the per-model LRU cache of text embeddings (open-vocabulary detectors).</summary>
    public int TextEmbeddingCacheSize { get; set; } = 1024;

    /// <summary>Models loaded when the host starts (a missing or mismatched one is logged, the worker still starts).</summary>
    public List<string> Preload { get; set; } = [];

    public string DefaultOcrModel { get; set; } = "ppocr-v4";

    public string DefaultEmbedModel { get; set; } = "resnet18-features";

    /// <summary>Crack segmentation (<c>perception.measure-cracks</c>).</summary>
    public Geometry.CrackGeometryOptions Cracks { get; set; } = new();

    internal string ResolveModelsPath()
    {
        if (!string.IsNullOrWhiteSpace(ModelsPath))
        {
            return Path.GetFullPath(ModelsPath);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
            {
                return Path.Combine(dir.FullName, "models");
            }
        }

        return Path.GetFullPath("models");
    }

    internal string ResolveCachePath() =>
        string.IsNullOrWhiteSpace(CachePath) ? Path.Combine(ResolveModelsPath(), "cache") : Path.GetFullPath(CachePath);
}
