using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.TunnelInspection.Maintenance;

/// <summary>
/// What comes back for the work orders: the outbox's results (the maintenance system's order number, or the failure)
/// and the maintenance connector's status callbacks (payload fields <c>defectId</c>, <c>status</c>, optional
/// <c>externalId</c>, <c>note</c>; a system that spells them otherwise gets them by its connector's <c>Callbacks:Fields</c>).
/// Other connectors' results are not this plugin's and are ignored.
/// </summary>
public sealed class MaintenanceHandlers(MaintenanceWorkOrders orders, TimeProvider clock) :
    IHandle<DeliverySucceeded>,
    IHandle<DeliveryFailed>,
    IHandle<ConnectorCallbackReceived>
{
    public Task HandleAsync(DeliverySucceeded message, MessageContext context, CancellationToken cancellationToken) =>
        orders.IsWorkOrder(message.Connector, message.Operation) && message.CorrelationKey is { } defectId
            ? orders.UpdateAsync(defectId, o => o with { Status = "raised", ExternalId = message.ExternalId, Error = null }, $"raised as {message.ExternalId}", context, cancellationToken)
            : Task.CompletedTask;

    public Task HandleAsync(DeliveryFailed message, MessageContext context, CancellationToken cancellationToken) =>
        orders.IsWorkOrder(message.Connector, message.Operation) && message.CorrelationKey is { } defectId
            ? orders.UpdateAsync(defectId, o => o with { Status = "failed", Error = message.Error }, $"delivery failed: {message.Error}", context, cancellationToken)
            : Task.CompletedTask;

    public async Task HandleAsync(ConnectorCallbackReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        if (!orders.IsMaintenance(message.Connector))
        {
            return;
        }

        var payload = JsonNode.Parse(message.Payload)?.AsObject() ?? throw new FormatException("the callback payload is not a JSON object");
        var defectId = payload["defectId"]?.ToString();
        var code = payload["status"]?.ToString();
        if (string.IsNullOrEmpty(defectId) || string.IsNullOrEmpty(code))
        {
            throw new FormatException($"a maintenance status callback needs defectId and status: {message.Payload}");
        }

        var status = orders.MapStatus(code) ?? throw new FormatException($"maintenance status '{code}' is not mapped (Plugins:TunnelInspection:StatusMap)");
        var now = clock.GetUtcNow();
        await orders.UpdateAsync(
            defectId,
            o => o with { Status = status, ExternalId = payload["externalId"]?.ToString() ?? o.ExternalId, CompletedAt = status == "completed" ? now : o.CompletedAt },
            $"{code} → {status} {payload["note"]}".Trim(),
            context,
            cancellationToken);
    }
}
