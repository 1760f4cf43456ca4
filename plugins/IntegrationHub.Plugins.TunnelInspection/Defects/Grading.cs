namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>Grades a defect by the configured bands (<see cref="GradingRules"/>).</summary>
public sealed class Grading(TunnelInspectionOptions options)
{
    public const string LengthMm = "lengthMm";
    public const string MaxWidthMm = "maxWidthMm";
    public const string MeanWidthMm = "meanWidthMm";
    public const string AreaM2 = "areaM2";

    private GradingRules Rules => options.Grading;

    public (int Grade, string? Kind) Grade(string type, IReadOnlyDictionary<string, double> measurements) => type switch
    {
        "crack" => (CrackGrade(measurements), null),
        "leakage" => AreaGrade(Rules.Leakage, measurements),
        "spalling" => AreaGrade(Rules.Spalling, measurements),
        _ => throw new ArgumentException($"unknown defect type '{type}'", nameof(type)),
    };

    private int CrackGrade(IReadOnlyDictionary<string, double> m)
    {
        var width = m.GetValueOrDefault(MaxWidthMm);
        var length = m.GetValueOrDefault(LengthMm);
        return Rules.Crack.Where(b => width >= b.MinWidthMm || length >= b.MinLengthMm).Select(b => b.Grade).DefaultIfEmpty(1).Max();
    }

    private static (int, string?) AreaGrade(List<AreaBand> bands, IReadOnlyDictionary<string, double> m)
    {
        var area = m.GetValueOrDefault(AreaM2);
        var band = bands.Where(b => area >= b.MinAreaM2).MaxBy(b => b.MinAreaM2);
        return band is null ? (1, null) : (band.Grade, band.Kind);
    }
}
