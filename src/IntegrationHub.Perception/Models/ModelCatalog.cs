using System.Security.Cryptography;
using System.Text.Json;

namespace IntegrationHub.Perception.Models;

/// <summary>Reads the manifests in the models folder and resolves and verifies their files.</summary>
public sealed class ModelCatalog(PerceptionOptions options)
{
    public string ModelsPath { get; } = options.ResolveModelsPath();

    public string CachePath { get; } = options.ResolveCachePath();

    public IReadOnlyList<string> Names() =>
        Directory.Exists(ModelsPath)
            ? [.. Directory.EnumerateFiles(ModelsPath, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    public ModelManifest GetManifest(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new PerceptionException(PerceptionErrors.ModelUnknown, $"Model name '{name}' is not valid.");
        }

        var path = Path.Combine(ModelsPath, name + ".json");
        if (!File.Exists(path))
        {
            throw new PerceptionException(PerceptionErrors.ModelUnknown, $"No model '{name}': there is no manifest {path}. Known: {string.Join(", ", Names())}.");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), ModelManifest.Json)
                ?? throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Manifest {path} is empty.");
            return manifest with { Name = name };
        }
        catch (JsonException ex)
        {
            throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Manifest {path} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>The full path of a file role, checked to exist and (when configured) to match its sha256.</summary>
    public string ResolveFile(ModelManifest manifest, string role)
    {
        if (!manifest.Files.TryGetValue(role, out var file))
        {
            throw new PerceptionException(PerceptionErrors.ModelInvalid, $"Manifest '{manifest.Name}' names no '{role}' file.");
        }

        var path = FindFile(file.File);
        if (path is null)
        {
            throw new PerceptionException(
                PerceptionErrors.ModelFileMissing,
                $"Model file {Path.Combine(CachePath, file.File)} for '{manifest.Name}' is missing; run models/fetch.");
        }

        if (options.VerifyHashes && !string.IsNullOrEmpty(file.Sha256))
        {
            var actual = Sha256Of(path);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new PerceptionException(
                    PerceptionErrors.ModelHashMismatch,
                    $"Refusing model file {path}: its sha256 is {actual} but manifest '{manifest.Name}' expects {file.Sha256}.");
            }
        }

        return path;
    }

    public string? FindFile(string file)
    {
        foreach (var candidate in new[] { Path.Combine(CachePath, file), Path.Combine(ModelsPath, file) })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public IReadOnlyList<string> LoadLabels(ModelManifest manifest)
    {
        if (manifest.Labels is { Count: > 0 })
        {
            return manifest.Labels;
        }

        if (manifest.LabelsFile is null)
        {
            return [];
        }

        var path = FindFile(manifest.LabelsFile)
            ?? throw new PerceptionException(PerceptionErrors.ModelFileMissing, $"Labels file {manifest.LabelsFile} for '{manifest.Name}' is missing.");
        return [.. File.ReadAllLines(path).Where(l => l.Length > 0)];
    }

    internal static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
