using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Plugins.TunnelInspection.Defects;

namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>Marks an image of a run inspected or failed, with the defects it found or grew; says when the run is complete.</summary>
public static class RunProgress
{
    /// <returns>The run when this image completed it, else null.</returns>
    public static async Task<InspectionRun?> RecordAsync(
        IPluginStore store, InspectImage message, string? error, (int Width, int Height) size,
        IEnumerable<DefectRegister.Recorded> recorded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync<InspectionRun>(InspectionRun.Collection, message.RunId, cancellationToken)
            ?? throw new InvalidOperationException($"run {message.RunId} is not stored");
        var run = stored.Value;
        var image = run.Images.FirstOrDefault(i => i.ImageId == message.ImageId)
            ?? throw new InvalidOperationException($"run {message.RunId} has no image {message.ImageId}");
        if (image.Outcome is not null)
        {
            return null;
        }

        image.Outcome = error is null ? "inspected" : "failed";
        image.Error = error;
        (image.Width, image.Height) = size;
        run.Inspected += error is null ? 1 : 0;
        run.Failed += error is null ? 0 : 1;
        foreach (var r in recorded)
        {
            var list = r.Outcome switch
            {
                DefectRegister.Outcome.Found => run.NewDefects,
                DefectRegister.Outcome.Grown => run.GrownDefects,
                _ => null,
            };
            if (list is not null && !list.Contains(r.Defect.DefectId))
            {
                list.Add(r.Defect.DefectId);
            }
        }

        var completes = run.Complete && run.CompletedAt is null;
        if (completes)
        {
            run.CompletedAt = now;
        }

        await store.PutAsync(InspectionRun.Collection, run.RunId, run, stored.Version, cancellationToken);
        return completes ? run : null;
    }
}
