using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Host.Api;

/// <summary><c>POST /api/events/{type}</c>: a business system hands the hub a contract event as JSON.</summary>
internal static class EventsEndpoints
{
    public static void MapEventsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/{type}", Ingest)
            .WithName("IngestEvent")
            .WithSummary("Accept a contract event (stored, published when the broker can take it); 202 with its message id, problem details otherwise.")
            .WithDescription("The body is the event's JSON (GET /api/events lists the types). Every field error is reported at once (400); an unknown or non-event type is 404, a body over the type's size limit 413, a body that is not application/json 415; 503 when the hub's store cannot take the event (nothing stored). "
                + "With an Idempotency-Key header (1-255 visible ASCII characters, per caller), a repeat within Hub:Ingest:IdempotencyKeyWindow (default 24 h) answers the first answer again (202, same message id, header Idempotent-Replayed: true) and stores nothing; the same key with another event is 422.")
            .Produces<IngestAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireScope(HubScopes.EventsIngest);
        api.MapGet("/events", (IngestibleContracts contracts) => Results.Ok(contracts.Names))
            .WithName("ListEventTypes")
            .WithSummary("The event types the hub ingests.")
            .Produces<string[]>()
            .RequireScope(HubScopes.EventsRead);
    }

    private static async Task<IResult> Ingest(
        string type,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        HttpRequest request,
        EventIngestValidator validator,
        EventIngest ingest,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !IdempotencyKey.IsValid(idempotencyKey))
        {
            return ApiProblems.Problem(
                StatusCodes.Status400BadRequest,
                "The Idempotency-Key header is not a valid key.",
                $"A key is 1 to {IdempotencyKey.MaxLength} visible ASCII characters (a UUID, say); got '{ApiProblems.Quote(idempotencyKey)}'. Nothing was stored.");
        }

        var (ingested, refusal) = await validator.ValidateAsync(type, request, cancellationToken);
        if (ingested is null)
        {
            return refusal!;
        }

        var key = idempotencyKey is null ? null : new IdempotencyKey(request.HttpContext.User.Identity?.Name ?? string.Empty, idempotencyKey);
        return await ingest.AcceptAsync(ingested.Message, ingested.Type, key, cancellationToken);
    }
}

/// <summary>The answer to an accepted event: the message id it travels under, and its contract name.</summary>
public sealed record IngestAccepted(Guid MessageId, string Type);
