using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Errors;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Host.Api;

internal static class ErrorsEndpoints
{
    public static void MapErrorsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/errors", async (ErrorReplayer errors, bool? all, int? limit, CancellationToken cancellationToken) =>
                Results.Ok(await errors.ListAsync(all ?? false, limit ?? 100, cancellationToken)))
            .WithSummary("Failed messages and deliveries with their reason (not yet replayed, unless all=true).")
            .RequireScope(HubScopes.ErrorsRead);
        api.MapPost("/errors/{id:guid}/replay", async (Guid id, HttpRequest request, ErrorReplayer errors, CancellationToken cancellationToken) =>
            {
                using var reader = new StreamReader(request.Body);
                var text = await reader.ReadToEndAsync(cancellationToken);
                JsonObject? corrected;
                try
                {
                    corrected = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
                }
                catch (JsonException e)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [e.Message] }, title: "The corrected body is not JSON.");
                }

                var outcome = await errors.ReplayAsync(id, corrected, cancellationToken);
                return outcome.Status switch
                {
                    ReplayStatus.Replayed => Results.Accepted(value: outcome),
                    ReplayStatus.NotFound => Results.NotFound(outcome),
                    _ => Results.Conflict(outcome),
                };
            })
            .WithSummary("Send a failed message again (optionally with a corrected body), or put a failed delivery back in the outbox.")
            .RequireScope(HubScopes.ErrorsReplay);
    }
}
