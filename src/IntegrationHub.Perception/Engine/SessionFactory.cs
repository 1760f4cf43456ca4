using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Perception.Engine;

/// <summary>Builds session options from configuration; CUDA when configured and present, CPU otherwise.</summary>
public sealed class SessionFactory
{
    private readonly PerceptionOptions _options;
    private readonly ILogger<SessionFactory> _logger;

    public SessionFactory(IOptions<PerceptionOptions> options, ILogger<SessionFactory> logger)
    {
        _options = options.Value;
        _logger = logger;
        var available = OrtEnv.Instance().GetAvailableProviders();
        CudaAvailable = available.Contains("CUDAExecutionProvider");
        ExecutionProvider = _options.UseCuda && CudaAvailable ? "CUDA" : "CPU";
        if (_options.UseCuda && !CudaAvailable)
        {
            _logger.LogWarning("Perception: CUDA was requested but this ONNX Runtime has no CUDA provider (have {Providers}); using CPU", string.Join(", ", available));
        }

        _logger.LogInformation(
            "Perception: execution provider {Provider}; intra-op threads {Intra}, inter-op threads {Inter}, graph optimisation {Opt}, arena {Arena}, batching {Batching} (max {MaxBatch}, wait {Wait} ms)",
            ExecutionProvider, _options.IntraOpThreads, _options.InterOpThreads, _options.GraphOptimization, _options.EnableMemoryArena,
            _options.Batching, _options.MaxBatchSize, _options.MaxBatchWaitMs);
    }

    public bool CudaAvailable { get; }

    /// <summary>CPU or CUDA.</summary>
    public string ExecutionProvider { get; }

    public InferenceSession Create(string path, Func<byte[], byte[]>? patch = null)
    {
        using var so = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = _options.InterOpThreads,
            GraphOptimizationLevel = _options.GraphOptimization,
            EnableCpuMemArena = _options.EnableMemoryArena,
            ExecutionMode = _options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
        };
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", _options.AllowSpinning ? "1" : "0");
        so.AddSessionConfigEntry("session.inter_op.allow_spinning", _options.AllowSpinning ? "1" : "0");
        if (ExecutionProvider == "CUDA")
        {
            so.AppendExecutionProvider_CUDA(_options.CudaDeviceId);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var session = patch is null ? new InferenceSession(path, so) : new InferenceSession(patch(File.ReadAllBytes(path)), so);
        _logger.LogInformation("Perception: loaded {File} on {Provider} in {Ms:F0} ms", Path.GetFileName(path), ExecutionProvider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return session;
    }
}
