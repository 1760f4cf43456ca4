using SkiaSharp;

namespace IntegrationHub.Perception.Tests;

/// <summary>The concrete-crack photographs (<c>shared/datasets/concrete-cracks</c>), read-only: samples of test/ for the tests.</summary>
internal static class CrackPhotos
{
    public static string? Root
    {
        get
        {
            for (var dir = new DirectoryInfo(PerceptionFixture.RepoRoot); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets", "concrete-cracks");
                if (Directory.Exists(Path.Combine(candidate, "test")))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public const string Missing = "shared/datasets/concrete-cracks is not on this machine";

    /// <summary>Every <paramref name="every"/>-th file of test/positive (crack) or test/negative, by name, up to <paramref name="count"/>.</summary>
    public static IReadOnlyList<string> Test(bool crack, int count, int every = 10, int offset = 0) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root!, "test", crack ? "positive" : "negative"), "*.jpg")
            .Order(StringComparer.Ordinal).Where((_, i) => i % every == offset % every).Take(count)];

    public static SKBitmap Decode(string path) => SKBitmap.Decode(path) ?? throw new InvalidDataException(path);
}
