using IntegrationHub.Host.Security;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.Api;

/// <summary>The outbox's deliveries to outside systems, for operators and scripts (the console's Deliveries page shows the same).</summary>
internal static class DeliveriesEndpoints
{
    public static void MapDeliveriesEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/deliveries", async (DeliveryOutboxStore deliveries, string? connector, string? correlationKey, int? limit, CancellationToken cancellationToken) =>
                Results.Ok(await deliveries.ListAsync(connector, correlationKey, Math.Clamp(limit ?? 50, 1, 500), cancellationToken)))
            .WithSummary("Deliveries to outside systems, newest first, with status, tries, next try and last error; filter by connector or correlation key (a work order's id).")
            .RequireScope(HubScopes.DeliveriesRead);
        api.MapPost("/deliveries/{id:guid}/retry", async (Guid id, DeliveryOutboxStore deliveries, CancellationToken cancellationToken) =>
                await deliveries.RetryNowAsync(id, cancellationToken)
                    ? Results.Accepted()
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"Delivery {id} is not waiting for a retry (unknown, delivered, or failed: replay a failed one from /api/errors)."))
            .WithSummary("Try a delivery that waits for its next retry now.")
            .RequireScope(HubScopes.DeliveriesRetry);
    }
}
