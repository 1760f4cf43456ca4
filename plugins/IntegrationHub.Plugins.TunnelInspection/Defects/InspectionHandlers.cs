using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Contracts.Tunnel.Events;
using IntegrationHub.Plugins.TunnelInspection.Imaging;
using IntegrationHub.Plugins.TunnelInspection.Maintenance;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>What the perception worker made of one photo, before anything is written: its findings and size, or why it could not be read.</summary>
public sealed record ImageInspection(List<Finding> Findings, int Width, int Height, string? Error, bool AlreadyRecorded = false);

/// <summary>
/// One image of a run, in two steps: the photo is perceived (<see cref="PrepareAsync"/>) before the unit of work begins,
/// so the images of a run are perceived side by side even where the store has one writer; then findings → defects
/// (new, seen, grown) → work orders for high grades → the run's progress. The image that completes the run publishes
/// <see cref="InspectionRunCompleted"/>, whose handler closes repaired defects. An image that cannot be read is recorded
/// as failed with the reason, and the run goes on.
/// </summary>
public sealed class InspectionHandlers(
    ImageInspector inspector,
    DefectRegister register,
    MaintenanceWorkOrders workOrders,
    RepairCheck repairs,
    PluginDataFolder folder,
    IPluginStore store,
    TimeProvider clock) :
    IPrepareAndHandle<InspectImage, ImageInspection>,
    IHandle<InspectionRunCompleted>
{
    public async Task<ImageInspection> PrepareAsync(InspectImage message, CancellationToken cancellationToken)
    {
        // A redelivered image whose outcome is stored (a hub stopped after the commit, a run posted again) is not perceived again.
        var run = await store.GetAsync<InspectionRun>(InspectionRun.Collection, message.RunId, cancellationToken);
        if (run?.Value.Images.FirstOrDefault(i => i.ImageId == message.ImageId) is { Outcome: not null })
        {
            return new ImageInspection([], 0, 0, null, AlreadyRecorded: true);
        }

        try
        {
            var (findings, width, height) = await inspector.InspectAsync(folder.Resolve(message.ImagePath), message.MmPerPixel, cancellationToken);
            return new ImageInspection(findings, width, height, null);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException || e is PerceptionFailedException { BadImage: true })
        {
            return new ImageInspection([], 0, 0, e.Message);
        }
    }

    public async Task HandleAsync(InspectImage message, ImageInspection inspection, MessageContext context, CancellationToken cancellationToken)
    {
        if (inspection.AlreadyRecorded)
        {
            return;
        }

        // Each write retries on its own conflict: rerunning an earlier one would find this attempt's own sighting and
        // take a new defect for one seen before (on PostgreSQL, images of a run update the run document side by side).
        var recorded = new List<DefectRegister.Recorded>();
        foreach (var finding in inspection.Findings)
        {
            DefectRegister.Recorded result = null!;
            await OptimisticConcurrency.RetryAsync(async () => result = await register.RecordAsync(message, finding, context.Store, cancellationToken), cancellationToken);
            if (workOrders.Needs(result.Defect))
            {
                await workOrders.RequestAsync(result.Defect, result.Version, context, cancellationToken);
            }

            recorded.Add(result);
        }

        InspectionRun? completed = null;
        await OptimisticConcurrency.RetryAsync(
            async () => completed = await RunProgress.RecordAsync(context.Store, message, inspection.Error, (inspection.Width, inspection.Height), recorded, clock.GetUtcNow(), cancellationToken),
            cancellationToken);

        foreach (var r in recorded)
        {
            if (r.Outcome == DefectRegister.Outcome.Found)
            {
                await context.Publisher.PublishAsync(new DefectFound(r.Defect.Snapshot(), message.RunId, message.InspectedAt), cancellationToken);
            }
            else if (r.Outcome == DefectRegister.Outcome.Grown)
            {
                await context.Publisher.PublishAsync(new DefectGrown(r.Defect.Snapshot(), r.PreviousGrade, r.Previous, message.RunId, message.InspectedAt), cancellationToken);
            }
        }

        if (completed is { } run)
        {
            await context.Publisher.PublishAsync(
                new InspectionRunCompleted(run.RunId, run.TunnelId, run.Images.Count, run.Inspected, run.Failed, run.CompletedAt!.Value), cancellationToken);
        }
    }

    public async Task HandleAsync(InspectionRunCompleted message, MessageContext context, CancellationToken cancellationToken)
    {
        var closed = new List<Defect>();
        await OptimisticConcurrency.RetryAsync(async () => closed = await repairs.CloseRepairedAsync(message.RunId, context.Store, cancellationToken), cancellationToken);
        foreach (var defect in closed)
        {
            await context.Publisher.PublishAsync(new DefectRepaired(defect.Snapshot(), message.RunId, message.CompletedAt), cancellationToken);
        }
    }
}
