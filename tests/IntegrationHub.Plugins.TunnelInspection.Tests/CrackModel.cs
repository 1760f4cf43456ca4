using IntegrationHub.Testing;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>
/// The crack classifier the end-to-end tests run in the perception worker: the shipped <c>concrete-crack</c> model
/// (<c>models/concrete-crack.json</c>, its head beside it, the ResNet18 backbone in <c>models/cache</c> from
/// <c>models/fetch</c>), served from the repository's <c>models/</c> folder.
/// </summary>
public sealed class CrackModel
{
    public string ModelName { get; } = "concrete-crack";

    public string ModelsPath { get; } = Path.Combine(PluginFolders.RepositoryRoot(), "models");

    /// <summary>Null when the model and the photographs are there; else why the end-to-end tests cannot run.</summary>
    public string? Unavailable =>
        CrackDataset.Root is null ? CrackDataset.Unavailable
        : !File.Exists(Path.Combine(ModelsPath, "cache", "ResNet18.onnx")) ? "models/cache has no ResNet18.onnx: run models/fetch"
        : null;

    public Dictionary<string, string?> PerceptionSettings => new()
    {
        ["Perception:ModelsPath"] = ModelsPath,
        ["Perception:CachePath"] = Path.Combine(ModelsPath, "cache"),
    };
}
