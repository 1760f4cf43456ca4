using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Contracts.Tunnel.Events;
using IntegrationHub.Plugins.TunnelInspection.Imaging;
using IntegrationHub.Plugins.TunnelInspection.Maintenance;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>
/// One image of a run: findings → defects (new, seen, grown) → work orders for high grades → the run's progress; the
/// image that completes the run publishes <see cref="InspectionRunCompleted"/>, whose handler closes repaired defects.
/// An image that cannot be read is recorded as failed with the reason, and the run goes on.
/// </summary>
public sealed class InspectionHandlers(
    ImageInspector inspector,
    DefectRegister register,
    MaintenanceWorkOrders workOrders,
    RepairCheck repairs,
    PluginDataFolder folder,
    TimeProvider clock) :
    IHandle<InspectImage>,
    IHandle<InspectionRunCompleted>
{
    public async Task HandleAsync(InspectImage message, MessageContext context, CancellationToken cancellationToken)
    {
        List<Finding> findings = [];
        (int, int) size = (0, 0);
        string? error = null;
        try
        {
            (findings, var width, var height) = await inspector.InspectAsync(folder.Resolve(message.ImagePath), message.MmPerPixel, cancellationToken);
            size = (width, height);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException || e is PerceptionFailedException { BadImage: true })
        {
            error = e.Message;
        }

        var recorded = new List<DefectRegister.Recorded>();
        InspectionRun? completed = null;
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            recorded.Clear();
            foreach (var finding in findings)
            {
                var result = await register.RecordAsync(message, finding, context.Store, cancellationToken);
                if (workOrders.Needs(result.Defect))
                {
                    await workOrders.RequestAsync(result.Defect, result.Version, context, cancellationToken);
                }

                recorded.Add(result);
            }

            completed = await RunProgress.RecordAsync(context.Store, message, error, size, recorded, clock.GetUtcNow(), cancellationToken);
        }, cancellationToken);

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
