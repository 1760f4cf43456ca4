using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Plugins.TunnelInspection.Imaging;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>What an image showed of one defect type: measurements and where in the photo.</summary>
public sealed record Finding(string Type, Dictionary<string, double> Measurements, PixelBox Box, IReadOnlyList<float[]>? Skeleton = null);

/// <summary>
/// Records a finding against the defects already known: the same type at the same ring and lining position within
/// the chainage tolerance is the same defect (seen again, or grown and re-graded); anything else is a new defect. A
/// location index document per (tunnel, type, ring, position) is written with its version, so two images of one
/// defect handled at once cannot both create it (the loser reruns, see <see cref="Optimistic"/>).
/// </summary>
public sealed class DefectRegister(TunnelInspectionOptions options, Grading grading)
{
    public const string Locations = "defect-locations";

    public enum Outcome { Found, Seen, Grown }

    public sealed record LocationIndex(List<string> DefectIds);

    /// <param name="Version">The defect document's version as written.</param>
    public sealed record Recorded(Defect Defect, long Version, Outcome Outcome, int PreviousGrade, Dictionary<string, double> Previous);

    public async Task<Recorded> RecordAsync(
        InspectImage image, Finding finding, IPluginStore store, CancellationToken cancellationToken)
    {
        var graded = grading.Grade(finding.Type, finding.Measurements);
        var (grade, kind) = graded;
        var locationKey = string.Join(':', image.TunnelId, finding.Type, image.Ring.ToString(CultureInfo.InvariantCulture), image.Position);
        var index = await store.GetAsync<LocationIndex>(Locations, locationKey, cancellationToken);
        var ids = index?.Value.DefectIds ?? [];
        var known = await NearestOpenAsync(ids, image.ChainageM, store, cancellationToken);
        if (known is not null)
        {
            return await SeenAgainAsync(known.Value.Defect, known.Value.Version, image, finding, graded, store, cancellationToken);
        }

        var id = string.Join(':', locationKey.Split(':')[0], finding.Type, image.Ring.ToString(CultureInfo.InvariantCulture), image.Position, image.ChainageM.ToString("0.0", CultureInfo.InvariantCulture));
        if (ids.Contains(id))
        {
            id += "-" + image.RunId; // the same place again after a repair: a new defect
        }

        var created = new Defect
        {
            DefectId = id,
            TunnelId = image.TunnelId,
            ChainageM = image.ChainageM,
            Ring = image.Ring,
            Position = image.Position,
            Type = finding.Type,
            Kind = kind,
            Grade = grade,
            Measurements = finding.Measurements,
            Image = ImageOf(image, finding),
            FirstSeen = image.InspectedAt,
            LastSeen = image.InspectedAt,
            LastRunId = image.RunId,
            History = [new Sighting("found", image.InspectedAt, image.RunId, image.ImageId, grade, finding.Measurements)],
        };
        // The index first: when another image of this place got there first, this attempt has written nothing.
        await store.PutAsync(Locations, locationKey, new LocationIndex([.. ids, id]), index?.Version ?? 0, cancellationToken);
        var version = await store.PutAsync(Defect.Collection, id, created, expectedVersion: 0, cancellationToken);
        return new Recorded(created, version, Outcome.Found, grade, finding.Measurements);
    }

    /// <summary>A known defect in a new image: a sighting, and when it grew, its new measurements and the higher grade.</summary>
    private async Task<Recorded> SeenAgainAsync(
        Defect defect, long version, InspectImage image, Finding finding, (int Grade, string? Kind) graded, IPluginStore store, CancellationToken cancellationToken)
    {
        if (defect.History.Any(h => h.RunId == image.RunId && h.ImageId == image.ImageId))
        {
            // The same image again (a redelivered or re-sent request): its sighting is already recorded.
            return new Recorded(defect, version, Outcome.Seen, defect.Grade, defect.Measurements);
        }

        var previousGrade = defect.Grade;
        var previous = defect.Measurements;
        var grown = Grew(finding.Type, previous, finding.Measurements);
        defect.LastSeen = image.InspectedAt;
        defect.LastRunId = image.RunId;
        defect.Image = ImageOf(image, finding);
        defect.Grown = grown;
        if (grown)
        {
            defect.Measurements = finding.Measurements;
            (defect.Grade, defect.Kind) = (Math.Max(graded.Grade, defect.Grade), graded.Kind ?? defect.Kind);
        }

        defect.History.Add(new Sighting(grown ? "grown" : "seen", image.InspectedAt, image.RunId, image.ImageId, graded.Grade, finding.Measurements));
        var written = await store.PutAsync(Defect.Collection, defect.DefectId, defect, version, cancellationToken);
        return new Recorded(defect, written, grown ? Outcome.Grown : Outcome.Seen, previousGrade, previous);
    }

    private async Task<(Defect Defect, long Version)?> NearestOpenAsync(List<string> ids, double chainage, IPluginStore store, CancellationToken cancellationToken)
    {
        (Defect Defect, long Version)? best = null;
        foreach (var id in ids)
        {
            var stored = await store.GetAsync<Defect>(Defect.Collection, id, cancellationToken);
            if (stored is null || stored.Value.Status == Defect.Repaired || Math.Abs(stored.Value.ChainageM - chainage) > options.ChainageToleranceM)
            {
                continue;
            }

            if (best is null || Math.Abs(stored.Value.ChainageM - chainage) < Math.Abs(best.Value.Defect.ChainageM - chainage))
            {
                best = (stored.Value, stored.Version);
            }
        }

        return best;
    }

    private static ImageRef ImageOf(InspectImage image, Finding finding) =>
        new(image.RunId, image.ImageId, image.ImagePath, finding.Box, finding.Skeleton);

    private bool Grew(string type, Dictionary<string, double> before, Dictionary<string, double> now)
    {
        if (type == "crack")
        {
            var wider = now.GetValueOrDefault(Grading.MaxWidthMm) - before.GetValueOrDefault(Grading.MaxWidthMm) >= options.GrowthWidthMm;
            var length = before.GetValueOrDefault(Grading.LengthMm);
            var longer = length > 0 && now.GetValueOrDefault(Grading.LengthMm) >= length * (1 + options.GrowthLengthRatio);
            return wider || longer;
        }

        var area = before.GetValueOrDefault(Grading.AreaM2);
        return area > 0 && now.GetValueOrDefault(Grading.AreaM2) >= area * (1 + options.GrowthAreaRatio);
    }
}
