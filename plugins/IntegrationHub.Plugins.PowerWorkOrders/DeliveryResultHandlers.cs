using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;

namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>
/// Outbox results for this plugin's deliveries (a plugin handles each message type once, so one class routes them):
/// the EAM's work-order number, call tasks the voice platform refused, approvals started.
/// </summary>
public sealed class DeliveryResultHandlers(PowerWorkOrdersOptions options, WorkOrderHandlers workOrders, CampaignEngine campaigns) :
    IHandle<DeliverySucceeded>,
    IHandle<DeliveryFailed>
{
    public async Task HandleAsync(DeliverySucceeded message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.CorrelationKey is not { } key)
        {
            return;
        }

        if (Is(message.Connector, options.EamConnector) && message.Operation == WorkOrderHandlers.CreateOperation)
        {
            await workOrders.DispatchedAsync(key, message.ExternalId, message.DeliveredAt, context, cancellationToken);
        }
        else if (Is(message.Connector, options.OaConnector) && message.Operation == "approval.start" && key.StartsWith("ticket:", StringComparison.Ordinal))
        {
            await TicketApprovalHandler.ApprovalStartedAsync(key["ticket:".Length..], message.ExternalId, context, cancellationToken);
        }
    }

    public async Task HandleAsync(DeliveryFailed message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.CorrelationKey is not { } key)
        {
            return;
        }

        if (Is(message.Connector, options.EamConnector) && message.Operation == WorkOrderHandlers.CreateOperation)
        {
            await workOrders.DispatchFailedAsync(key, $"{message.Error} {message.Response}".Trim(), message.FailedAt, context, cancellationToken);
        }
        else if (Is(message.Connector, options.VoiceConnector) && message.Operation == CampaignEngine.CreateOperation && key.StartsWith("campaign:", StringComparison.Ordinal))
        {
            await campaigns.TaskFailedAsync(key["campaign:".Length..], message.FailedAt, context, cancellationToken);
        }
    }

    private static bool Is(string connector, string configured) => string.Equals(connector, configured, StringComparison.OrdinalIgnoreCase);
}
