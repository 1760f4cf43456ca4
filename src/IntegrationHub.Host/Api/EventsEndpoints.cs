using System.Text.Json;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Security;
using MassTransit;

namespace IntegrationHub.Host.Api;

/// <summary><c>POST /api/events/{type}</c>: a business system hands the hub a contract event as JSON.</summary>
internal static class EventsEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapEventsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/{type}", Ingest)
            .WithName("IngestEvent")
            .WithSummary("Publish a contract event; 202 with its message id, 400 with field errors.")
            .Accepts<JsonElement>("application/json")
            .RequireScope(HubScopes.EventsIngest);
        api.MapGet("/events", (ContractRegistry contracts) => Results.Ok(contracts.Names.Order()))
            .WithSummary("The contract names the hub accepts.")
            .RequireScope(HubScopes.EventsRead);
    }

    private static async Task<IResult> Ingest(string type, HttpRequest request, ContractRegistry contracts, ContractValidator validator, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (!contracts.TryGetType(type, out var messageType))
        {
            return Results.NotFound(new { error = $"Unknown event type '{type}'. GET /api/events lists them." });
        }

        object? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(request.Body, messageType, Json, cancellationToken);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [e.Message] }, title: $"The body is not a valid {type}.");
        }

        if (message is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["A JSON object is required."] });
        }

        var errors = validator.Validate(message);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors.ToDictionary(), title: $"The body is not a valid {type}.");
        }

        var messageId = NewId.NextGuid();
        await bus.Publish(message, messageType, context => context.MessageId = messageId, cancellationToken);
        return Results.Accepted(value: new { messageId, type = contracts.NameOf(messageType) });
    }
}
