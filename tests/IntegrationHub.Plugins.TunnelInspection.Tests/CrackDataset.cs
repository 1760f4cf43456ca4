namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>The real concrete photographs in <c>../shared/datasets/concrete-cracks</c> (never copied into the repository).</summary>
public static class CrackDataset
{
    public static string? Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets", "concrete-cracks");
                if (Directory.Exists(Path.Combine(candidate, "test", "positive")))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static string Unavailable => "shared/datasets/concrete-cracks is not on this machine";

    /// <summary>The first <paramref name="count"/> photos of a split and class (positive = crack), by file name.</summary>
    public static IReadOnlyList<string> Photos(string split, bool crack, int count, int skip = 0) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root!, split, crack ? "positive" : "negative"), "*.jpg").Order(StringComparer.Ordinal).Skip(skip).Take(count)];
}
