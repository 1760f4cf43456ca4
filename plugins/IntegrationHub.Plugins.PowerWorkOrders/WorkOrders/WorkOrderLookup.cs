using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;

/// <summary>Finding work orders through their indexes: by id, by the asset system's number, by equipment and defect type.</summary>
internal static class WorkOrderLookup
{
    /// <summary>The key of the one open order per equipment and defect type (collection <c>open-orders</c>).</summary>
    public static string OpenKey(string? equipmentId, string? defectType) => $"{equipmentId}|{defectType}";

    public static async Task<StoredDocument<WorkOrder>?> FindAsync(IPluginStore store, string? orderId, string? externalId, CancellationToken cancellationToken)
    {
        if (orderId is not null && await store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, orderId, cancellationToken) is { } byId)
        {
            return byId;
        }

        return externalId is not null && await store.GetAsync<ExternalIdIndex>(WorkOrderHandlers.EamIndex, externalId, cancellationToken) is { } index
            ? await store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, index.Value.OrderId, cancellationToken)
            : null;
    }

    /// <summary>True unless <paramref name="externalId"/> is another order's number in the asset system (its own, or not yet bound to any order).</summary>
    public static async Task<bool> IsOwnStatusAsync(IPluginStore store, WorkOrder order, string? externalId, CancellationToken cancellationToken)
    {
        if (externalId is null)
        {
            return true;
        }

        if (order.ExternalId is not null)
        {
            return string.Equals(order.ExternalId, externalId, StringComparison.Ordinal);
        }

        return await store.GetAsync<ExternalIdIndex>(WorkOrderHandlers.EamIndex, externalId, cancellationToken) is not { } bound || bound.Value.OrderId == order.Id;
    }

    /// <summary>A closed defect order frees its equipment's open slot, so the next report of that defect opens a new order.</summary>
    public static async Task ReleaseOpenIndexAsync(IPluginStore store, WorkOrder order, CancellationToken cancellationToken)
    {
        var key = OpenKey(order.EquipmentId, order.DefectType);
        if (order.Kind == "defect" && await store.GetAsync<OpenOrderIndex>(WorkOrderHandlers.OpenOrders, key, cancellationToken) is { } open && open.Value.OrderId == order.Id)
        {
            await store.DeleteAsync(WorkOrderHandlers.OpenOrders, key, cancellationToken);
        }
    }
}
