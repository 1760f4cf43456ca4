using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Perception.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace IntegrationHub.Perception.Tests;

/// <summary>
/// One worker for the whole test run: the real models (fetched by models/fetch into models/cache) plus tiny models
/// with known outputs that the tests write into a temporary models folder.
/// </summary>
public sealed class PerceptionFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "hub-perception-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string ModelsPath => Path.Combine(Root, "models");

    public string ImagesPath => Path.Combine(Root, "images");

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("IntegrationHub.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public ServiceProvider Services { get; private set; } = null!;

    public IPerceptionService Perception => Services.GetRequiredService<IPerceptionService>();

    public ModelHost Host => Services.GetRequiredService<ModelHost>();

    public Dictionary<string, string?> Settings => new()
    {
        ["Perception:ModelsPath"] = ModelsPath,
        ["Perception:CachePath"] = Path.Combine(RepoRoot, "models", "cache"),
        ["Perception:AllowedFolders:0"] = ImagesPath,
        ["Perception:MaxBatchSize"] = "8",
        ["Perception:MaxBatchWaitMs"] = "5",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ModelsPath);
        Directory.CreateDirectory(ImagesPath);
        await EnsureRealModelsAsync();
        // The manifests and the small trained heads committed beside them (the fetched files stay in the cache).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "models")).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".onnx", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(ModelsPath, Path.GetFileName(file)));
        }

        TinyModels.WriteAll(ModelsPath);
        Services = BuildServices(Settings);
    }

    public static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddPerceptionWorker(configuration).BuildServiceProvider();
    }

    private static async Task EnsureRealModelsAsync()
    {
        var cache = Path.Combine(RepoRoot, "models", "cache");
        string[] needed = ["ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt", "ResNet18.onnx"];
        if (needed.All(f => File.Exists(Path.Combine(cache, f))))
        {
            return;
        }

        using var fetch = Process.Start(new ProcessStartInfo(Path.Combine(RepoRoot, "models", "fetch")) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await fetch.StandardOutput.ReadToEndAsync() + await fetch.StandardError.ReadToEndAsync();
        await fetch.WaitForExitAsync();
        if (fetch.ExitCode != 0)
        {
            throw new InvalidOperationException("models/fetch failed:\n" + output);
        }
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(SKBitmap bitmap, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public static byte[] SolidPng(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        return Png(bitmap);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}

[CollectionDefinition(Name)]
public sealed class PerceptionCollection : ICollectionFixture<PerceptionFixture>
{
    public const string Name = "perception";
}
