using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Host.Api.Ingest;

/// <summary>An event that passed every ingest rule, ready to be handed on (published or put in the outbox).</summary>
public sealed record IngestedEvent(string Contract, Type Type, object Message);

/// <summary>
/// The ingest rules of <c>POST /api/events/{type}</c>, in order: an ingestible event type (404), a JSON content type
/// (415), the type's size limit (413), well-formed JSON, then every field error at once (400). Each refusal is a
/// problem-details answer; nothing refused is published.
/// </summary>
internal sealed class EventIngestValidator(IngestibleContracts contracts, ContractJsonReader reader, IOptionsMonitor<IngestOptions> options)
{
    public async Task<(IngestedEvent? Event, IResult? Refusal)> ValidateAsync(string type, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!contracts.TryGet(type, out var messageType, out var contract, out var why))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status404NotFound, "Not an event type this hub ingests.", $"'{ApiProblems.Quote(type)}' {why}. GET /api/events lists the event types."));
        }

        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.", "Send the event with 'Content-Type: application/json'.", Extensions(contract)));
        }

        var limit = options.CurrentValue.LimitFor(contract);
        var body = request.ContentLength is > 0 and var length && length > limit ? null : await ReadAsync(request.Body, limit, cancellationToken);
        if (body is null)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "The event is too large.", $"A {contract} may have at most {limit} bytes (Hub:Ingest:MaxEventBytes, or Hub:Ingest:MaxEventBytesByType:{contract}); send large content by reference (a URL or id in the event).", Extensions(contract)));
        }

        var errors = new Dictionary<string, string[]>();
        object? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            message = reader.Read(document.RootElement, messageType, errors);
        }
        catch (JsonException e)
        {
            errors["$"] = [$"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"];
        }

        return message is null
            ? (null, Results.ValidationProblem(errors, title: $"The body is not a valid {contract}.", extensions: Extensions(contract)))
            : (new IngestedEvent(contract, messageType, message), null);
    }

    private static Dictionary<string, object?> Extensions(string contract) => new() { ["contract"] = contract };

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (reading stops there: a huge body is never buffered).</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
