namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>An inspection run as stored: its header, its images and where each one got to.</summary>
public sealed record InspectionRun
{
    public const string Collection = "runs";

    public required string RunId { get; init; }

    public required string TunnelId { get; init; }

    public string? Line { get; init; }

    public string? Direction { get; init; }

    /// <summary><c>vehicle</c>, <c>drone</c> or <c>manual</c>.</summary>
    public required string Method { get; init; }

    public required DateTimeOffset InspectedAt { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public List<RunImage> Images { get; init; } = [];

    /// <summary>Lines of the manifest or files refused at upload, with the reason.</summary>
    public List<ImageError> Rejected { get; init; } = [];

    public int Inspected { get; set; }

    public int Failed { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<string> NewDefects { get; init; } = [];

    public List<string> GrownDefects { get; init; } = [];

    /// <summary>Closed when this run no longer saw them after their work order was completed.</summary>
    public List<string> RepairedDefects { get; init; } = [];

    public bool Complete => Inspected + Failed >= Images.Count;
}

/// <param name="File">The stored image, relative to the plugin's data folder.</param>
public sealed record RunImage(string ImageId, string File, double ChainageM, int Ring, string Position, double MmPerPixel)
{
    /// <summary>Null while pending; <c>inspected</c> or <c>failed</c>.</summary>
    public string? Outcome { get; set; }

    public string? Error { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }
}

/// <param name="Where">The image id, or the manifest line when there is none.</param>
public sealed record ImageError(string Where, string Error);

/// <summary>One image line of a manifest, before its file is checked.</summary>
public sealed record ManifestLine(string ImageId, string File, double ChainageM, int Ring, string Position, double MmPerPixel);

public static class LiningPositions
{
    public static readonly string[] All = ["vault", "left-wall", "right-wall", "invert"];

    /// <summary>Accepts <c>left wall</c>, <c>Left_Wall</c>, <c>拱顶</c>…</summary>
    public static string? Normalise(string? text)
    {
        var value = (text ?? string.Empty).Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-');
        return value switch
        {
            "vault" or "crown" or "拱顶" => "vault",
            "left-wall" or "左边墙" or "左侧墙" => "left-wall",
            "right-wall" or "右边墙" or "右侧墙" => "right-wall",
            "invert" or "仰拱" => "invert",
            _ => null,
        };
    }
}
