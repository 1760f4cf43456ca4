using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Errors;

namespace IntegrationHub.Host.Api;

internal static class ErrorsEndpoints
{
    public static void MapErrorsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/errors", async (ErrorReplayer errors, bool? all, int? limit, CancellationToken cancellationToken) =>
                Results.Ok(await errors.ListAsync(all ?? false, limit ?? 100, cancellationToken)))
            .WithSummary("Failed messages and deliveries with their reason (not yet replayed, unless all=true).");
        api.MapPost("/errors/{id:guid}/replay", async (Guid id, HttpRequest request, ErrorReplayer errors, CancellationToken cancellationToken) =>
            {
                JsonObject? corrected = null;
                if (request.ContentLength > 0)
                {
                    corrected = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body, cancellationToken: cancellationToken);
                }

                var outcome = await errors.ReplayAsync(id, corrected, cancellationToken);
                return outcome.Status switch
                {
                    ReplayStatus.Replayed => Results.Accepted(value: outcome),
                    ReplayStatus.NotFound => Results.NotFound(outcome),
                    _ => Results.Conflict(outcome),
                };
            })
            .WithSummary("Send a failed message again (optionally with a corrected body), or put a failed delivery back in the outbox.");
    }
}
