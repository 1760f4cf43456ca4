using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>
/// An OA decision on a ticket. It counts only for the approval instance the hub opened for that ticket (the id the OA
/// answered <c>approval.start</c> with): a decision naming another instance, or arriving for a ticket the hub never
/// sent, is refused and logged.
/// </summary>
public sealed class TicketApprovalHandler(ILogger<TicketApprovalHandler> logger) : IHandle<ApprovalDecisionReceived>
{
    public async Task HandleAsync(ApprovalDecisionReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, message.ReferenceId, cancellationToken) is not { } found)
        {
            return;
        }

        var ticket = found.Value;
        if (ticket.Status is not TicketStatuses.ApprovalStarted and not TicketStatuses.PendingApproval)
        {
            return;
        }

        if (!string.Equals(ticket.ApprovalInstanceId, message.InstanceId, StringComparison.Ordinal))
        {
            logger.LogWarning("Decision for ticket {Ticket} refused: it names OA instance {Instance}, the hub opened {Opened}",
                ticket.TicketId, message.InstanceId, ticket.ApprovalInstanceId ?? "none");
            return;
        }

        ticket.Status = message.Decision == "approved" ? TicketStatuses.Approved : TicketStatuses.Rejected;
        ticket.Approver = message.Approver ?? ticket.Approver;
        await context.Store.PutAsync(OperationTickets.Tickets, ticket.TicketId, ticket, found.Version, cancellationToken);
    }

    internal static async Task ApprovalStartedAsync(string ticketId, string? instanceId, MessageContext context, CancellationToken cancellationToken)
    {
        if (await context.Store.GetAsync<OperationTicket>(OperationTickets.Tickets, ticketId, cancellationToken) is not { } found || found.Value.Status != TicketStatuses.PendingApproval)
        {
            return;
        }

        found.Value.Status = TicketStatuses.ApprovalStarted;
        found.Value.ApprovalInstanceId = instanceId;
        await context.Store.PutAsync(OperationTickets.Tickets, ticketId, found.Value, found.Version, cancellationToken);
    }
}
