using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Maintenance;

/// <summary>
/// Maintenance work orders for defects at or above the configured grade, through the outbox to the maintenance
/// connector (idempotent on the defect id: one order per defect however often it is seen), and what comes back.
/// </summary>
public sealed class MaintenanceWorkOrders(TunnelInspectionOptions options, TimeProvider clock)
{
    public bool Needs(Defect defect) => defect.Grade >= options.WorkOrderGrade && defect.WorkOrder is null && defect.Status != Defect.Repaired;

    /// <summary>Enqueues the order and marks the defect; the caller's unit of work commits both.</summary>
    public async Task RequestAsync(Defect defect, long version, MessageContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["defectId"] = defect.DefectId,
            ["tunnelId"] = defect.TunnelId,
            ["chainage"] = Chainage.Format(defect.ChainageM),
            ["chainageM"] = defect.ChainageM,
            ["ring"] = defect.Ring,
            ["position"] = defect.Position,
            ["type"] = defect.Type,
            ["kind"] = defect.Kind,
            ["grade"] = defect.Grade,
            ["measurements"] = new JsonObject(defect.Measurements.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["title"] = $"{defect.TunnelId} {Chainage.Format(defect.ChainageM)} ring {defect.Ring} {defect.Position}: {defect.Type} grade {defect.Grade}",
            ["image"] = $"{defect.Image.RunId}/{defect.Image.ImageId}",
            ["gradingSource"] = options.Grading.Source,
        };
        await context.Outbox.EnqueueAsync(
            new OutboxDelivery(options.MaintenanceConnector, options.WorkOrderOperation, payload, $"tunnel-work-order:{defect.DefectId}", defect.DefectId),
            cancellationToken);
        defect.WorkOrder = new MaintenanceOrder("requested", now);
        defect.Status = Defect.WorkOrderRaised;
        defect.History.Add(new Sighting("work-order", now, null, null, defect.Grade, defect.Measurements, $"requested from {options.MaintenanceConnector}"));
        await context.Store.PutAsync(Defect.Collection, defect.DefectId, defect, version, cancellationToken);
    }

    /// <summary>The maintenance system's answer or a later status; an unknown defect is an error (the message fails with the reason).</summary>
    public async Task UpdateAsync(string defectId, Func<MaintenanceOrder, MaintenanceOrder> change, string note, MessageContext context, CancellationToken cancellationToken)
    {
        await OptimisticConcurrency.RetryAsync(async () =>
        {
            var stored = await context.Store.GetAsync<Defect>(Defect.Collection, defectId, cancellationToken)
                ?? throw new KeyNotFoundException($"no defect {defectId} for a maintenance work order");
            var defect = stored.Value;
            var order = defect.WorkOrder ?? new MaintenanceOrder("requested", clock.GetUtcNow());
            defect.WorkOrder = change(order);
            defect.History.Add(new Sighting("work-order", clock.GetUtcNow(), null, null, defect.Grade, defect.Measurements, note));
            await context.Store.PutAsync(Defect.Collection, defectId, defect, stored.Version, cancellationToken);
        }, cancellationToken);
    }

    public string? MapStatus(string code) =>
        options.StatusMap.TryGetValue(code, out var mapped) ? mapped
        : code.ToLowerInvariant() is "accepted" or "in-progress" or "completed" or "cancelled" ? code.ToLowerInvariant() : null;

    public bool IsMaintenance(string connector) => connector.Equals(options.MaintenanceConnector, StringComparison.OrdinalIgnoreCase);

    public bool IsWorkOrder(string connector, string operation) => IsMaintenance(connector) && operation == options.WorkOrderOperation;
}
