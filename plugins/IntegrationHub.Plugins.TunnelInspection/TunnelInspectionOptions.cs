using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.TunnelInspection;

/// <summary>Bound from <c>Plugins:TunnelInspection</c>; every threshold has a default and can be replaced.</summary>
public sealed class TunnelInspectionOptions
{
    /// <summary>The perception worker's classifier for crack tiles (labels <see cref="CrackLabel"/> and another).</summary>
    public string CrackModel { get; set; } = "concrete-crack";

    public string CrackLabel { get; set; } = "crack";

    /// <summary>
    /// A tile is a crack when <see cref="CrackLabel"/> is the classifier's best label with at least this score. Photos
    /// larger than the model's trained tile (its manifest) are classified tile by tile (<c>perception.locate</c>).
    /// </summary>
    public double CrackScore { get; set; } = 0.5;

    public TimeSpan PerceptionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Two sightings of the same type at the same ring and position within this many metres are one defect.</summary>
    public double ChainageToleranceM { get; set; } = 0.5;

    /// <summary>A crack grew when its max width rose by this many mm or its length by <see cref="GrowthLengthRatio"/>.</summary>
    public double GrowthWidthMm { get; set; } = 0.2;

    public double GrowthLengthRatio { get; set; } = 0.2;

    /// <summary>A stain or spall grew when its area rose by this ratio.</summary>
    public double GrowthAreaRatio { get; set; } = 0.25;

    /// <summary>Defects at or above this grade get a maintenance work order.</summary>
    public int WorkOrderGrade { get; set; } = 3;

    public string MaintenanceConnector { get; set; } = "maintenance";

    public string WorkOrderOperation { get; set; } = "work-order.create";

    /// <summary>The maintenance system's status codes → <c>accepted</c>, <c>in-progress</c>, <c>completed</c>, <c>cancelled</c>.</summary>
    public Dictionary<string, string> StatusMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Quartz cron of the periodic per-tunnel report; empty disables it.</summary>
    public string ReportCron { get; set; } = "0 0 6 ? * MON";

    /// <summary>A TrueType font for the PDF report (PDFsharp embeds it).</summary>
    public string PdfFont { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public GradingRules Grading { get; set; } = new();

    /// <summary>Runs dropped into a folder the hub watches (off unless <see cref="RunFolderOptions.Folder"/> is set).</summary>
    public RunFolderOptions Watch { get; set; } = new();

    public SurfaceRules Surface { get; set; } = new();

    /// <summary>An open-vocabulary detector for leakage and spalling in place of <see cref="Surface"/>'s image rules (off unless its model is set).</summary>
    public SurfaceDetectorOptions Detector { get; set; } = new();

    public static TunnelInspectionOptions Load(IConfiguration configuration)
    {
        var options = new TunnelInspectionOptions();
        configuration.Bind(options);
        options.Grading.Validate();
        options.Detector.Validate();
        return options;
    }
}

/// <summary>
/// The perception worker's open-vocabulary detector (<c>Plugins:TunnelInspection:Detector</c>): with a model named, its
/// boxes replace the image rules for leakage and spalling.
/// </summary>
public sealed class SurfaceDetectorOptions
{
    /// <summary>A detect model of the perception worker taking class names (OmDet-Turbo-style); null: the image rules.</summary>
    public string? Model { get; set; }

    /// <summary>Defect type (<c>leakage</c>, <c>spalling</c>) → the class name (prompt) the detector is asked for.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["leakage"] = "water leakage",
        ["spalling"] = "spalling",
    };

    /// <summary>Detections below this score are dropped.</summary>
    public double Score { get; set; } = 0.3;

    public bool Configured => !string.IsNullOrWhiteSpace(Model);

    public void Validate()
    {
        if (Labels.Keys.FirstOrDefault(k => k is not ("leakage" or "spalling")) is { } unknown)
        {
            throw new InvalidOperationException($"Plugins:TunnelInspection:Detector:Labels: '{unknown}' is not a defect type (leakage, spalling).");
        }

        if (Labels.Values.Any(string.IsNullOrWhiteSpace) || Labels.Values.Distinct(StringComparer.Ordinal).Count() != Labels.Count)
        {
            throw new InvalidOperationException("Plugins:TunnelInspection:Detector:Labels: each defect type needs its own class name.");
        }
    }
}

/// <summary>
/// Grade bands. Defaults are modelled on the lining crack, leakage and spalling ratings of JTG H12-2015 (公路隧道养护技术规范,
/// highway tunnels); railway rules differ. The standard's tables must be confirmed by each user and set here.
/// </summary>
public sealed class GradingRules
{
    public string Source { get; set; } = "modelled on JTG H12-2015 lining defect ratings; confirm against the standard before use";

    /// <summary>A crack takes the highest band whose width OR length it reaches; grade 1 below every band.</summary>
    public List<CrackBand> Crack { get; set; } =
    [
        new() { Grade = 2, MinWidthMm = 1, MinLengthMm = 5000 },
        new() { Grade = 3, MinWidthMm = 3, MinLengthMm = 10000 },
        new() { Grade = 4, MinWidthMm = 5, MinLengthMm = double.MaxValue },
    ];

    /// <summary>Leakage kind by wet-stain area (a still photograph cannot see flow: the kind is an area proxy) and its grade.</summary>
    public List<AreaBand> Leakage { get; set; } =
    [
        new() { Kind = "seepage", MinAreaM2 = 0, Grade = 1 },
        new() { Kind = "dripping", MinAreaM2 = 0.01, Grade = 2 },
        new() { Kind = "gushing", MinAreaM2 = 0.03, Grade = 3 },
    ];

    public List<AreaBand> Spalling { get; set; } =
    [
        new() { Kind = "spalling", MinAreaM2 = 0, Grade = 1 },
        new() { Kind = "spalling", MinAreaM2 = 0.002, Grade = 2 },
        new() { Kind = "spalling", MinAreaM2 = 0.005, Grade = 3 },
        new() { Kind = "spalling", MinAreaM2 = 0.05, Grade = 4 },
    ];

    public void Validate()
    {
        if (Crack.Any(b => b.Grade is < 1 or > 4) || Leakage.Concat(Spalling).Any(b => b.Grade is < 1 or > 4))
        {
            throw new InvalidOperationException("Plugins:TunnelInspection:Grading: grades are 1 to 4.");
        }
    }
}

public sealed class CrackBand
{
    public int Grade { get; set; }

    public double MinWidthMm { get; set; } = double.MaxValue;

    public double MinLengthMm { get; set; } = double.MaxValue;
}

public sealed class AreaBand
{
    public string Kind { get; set; } = string.Empty;

    public double MinAreaM2 { get; set; }

    public int Grade { get; set; }
}

/// <summary>
/// The plugin's image rules for leakage and spalling (no labelled photos of either exist here: rules tuned on generated
/// images, see the README). Fractions are of the photo's median brightness or texture.
/// </summary>
public sealed class SurfaceRules
{
    /// <summary>A wet stain is darker than this fraction of the photo's median brightness…</summary>
    public double StainDarkness { get; set; } = 0.72;

    /// <summary>…and smoother than this fraction of the photo's median texture (a crack is dark but sharp).</summary>
    public double StainSmoothness { get; set; } = 1.2;

    /// <summary>A spall's texture (local contrast) exceeds this multiple of the photo's median texture.</summary>
    public double SpallTexture { get; set; } = 3.0;

    /// <summary>Smallest stain or spall, as a fraction of the photo's area.</summary>
    public double MinAreaFraction { get; set; } = 0.04;

    /// <summary>Cells (pixels square) the rules look at.</summary>
    public int Cell { get; set; } = 8;
}

/// <summary>The watched drop folder of inspection runs (<c>Plugins:TunnelInspection:Watch</c>).</summary>
public sealed class RunFolderOptions
{
    /// <summary>The folder whose sub-folders (a manifest and its photographs each) become runs; empty: no folder is watched.</summary>
    public string? Folder { get; set; }

    /// <summary>How often the folder is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A drop is taken once none of its files changed for this long (a photo still being copied is left alone).</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A drop claimed by a hub that stopped part-way goes back to the folder after this long.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
