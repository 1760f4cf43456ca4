using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>
/// After a run: a defect whose work order was completed, at a place the run photographed (same ring and position,
/// chainage within the tolerance) but that the run did not see, was repaired: it is closed.
/// </summary>
public sealed class RepairCheck(TunnelInspectionOptions options)
{
    public async Task<List<Defect>> CloseRepairedAsync(string runId, IPluginStore store, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync<InspectionRun>(InspectionRun.Collection, runId, cancellationToken)
            ?? throw new InvalidOperationException($"run {runId} is not stored");
        var run = stored.Value;
        var covered = run.Images.Where(i => i.Outcome == "inspected").ToList();
        var closed = new List<Defect>();
        await foreach (var (defect, version) in DefectQueries.AllAsync(store, run.TunnelId, cancellationToken))
        {
            var repaired = defect.WorkOrder?.Status == "completed"
                && defect.Status != Defect.Repaired
                && defect.LastRunId != runId
                && covered.Any(i => i.Ring == defect.Ring && i.Position == defect.Position && Math.Abs(i.ChainageM - defect.ChainageM) <= options.ChainageToleranceM);
            if (!repaired)
            {
                continue;
            }

            defect.Status = Defect.Repaired;
            defect.History.Add(new Sighting("repaired", run.InspectedAt, runId, null, defect.Grade, defect.Measurements, "not seen after its work order was completed"));
            await store.PutAsync(Defect.Collection, defect.DefectId, defect, version, cancellationToken);
            closed.Add(defect);
        }

        run.RepairedDefects.Clear();
        run.RepairedDefects.AddRange(closed.Select(d => d.DefectId));
        await store.PutAsync(InspectionRun.Collection, runId, run, stored.Version, cancellationToken);
        return closed;
    }
}
