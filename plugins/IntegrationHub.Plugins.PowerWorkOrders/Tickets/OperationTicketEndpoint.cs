using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary><c>POST /api/power/operation-tickets</c>: drafts a ticket, checks it, and sends a valid one for approval.</summary>
internal static class OperationTicketEndpoint
{
    public static void Map(IPluginBuilder builder) =>
        builder.MapEndpoint(new PluginEndpoint("POST", "/api/power/operation-tickets", typeof(OperationTicketRequest), async (request, ct) =>
        {
            if (request.Body is not OperationTicketRequest ticket || string.IsNullOrEmpty(ticket.TicketId) || string.IsNullOrEmpty(ticket.Task))
            {
                return EndpointResponse.BadRequest("ticketId and task are required");
            }

            var now = request.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var result = await request.Services.GetRequiredService<OperationTickets>().DraftAsync(ticket, now, ct);
            return result.Valid ? EndpointResponse.Accepted(result) : new EndpointResponse(422, result);
        }, "Drafts an operation ticket, validates it against the safety rules and sends a valid one to OA approval.", PowerScopes.Tickets));
}
