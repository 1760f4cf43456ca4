namespace IntegrationHub.Perception.Training;

/// <summary>One labelled tile: a photograph and whether it shows a crack.</summary>
public sealed record LabelledImage(string Path, bool Crack);

/// <summary>
/// A folder of tiles in two classes: <c>positive/</c> (crack) and <c>negative/</c> (no crack), as the
/// concrete-crack dataset's <c>train/</c> and <c>test/</c> are laid out.
/// </summary>
public static class CrackDataset
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    public static IReadOnlyList<LabelledImage> Load(string folder)
    {
        var positive = Path.Combine(folder, "positive");
        var negative = Path.Combine(folder, "negative");
        if (!Directory.Exists(positive) || !Directory.Exists(negative))
        {
            throw new DirectoryNotFoundException($"{folder} must hold positive/ (crack) and negative/ (no crack) folders of images.");
        }

        return [.. Images(positive).Select(p => new LabelledImage(p, true)), .. Images(negative).Select(p => new LabelledImage(p, false))];
    }

    private static IEnumerable<string> Images(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
}
