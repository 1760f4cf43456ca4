using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Outbox.Publishes;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Ingest;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// The publish step of <c>POST /api/events</c>: a validated event is stored in the outbox's publish port in a
/// transaction of its own and answered 202 at once; the <see cref="PublishDispatcher"/> publishes it when the broker
/// can take it, with the message id the client got (so a repeated publish is a duplicate the inboxes skip). A broker
/// outage costs latency, never an accepted event; a store that cannot take the event answers 503 at once.
/// With an <c>Idempotency-Key</c>, the key is stored in the same transaction: a repeat within
/// <see cref="IngestOptions.IdempotencyKeyWindow"/> gets the first answer and stores nothing; the same key with
/// another body is refused (422).
/// </summary>
internal sealed class EventIngest(
    HubDatabase database,
    PublishOutboxStore publishes,
    IngestKeyStore keys,
    OutboxSignal signal,
    ContractRegistry contracts,
    IOptions<OutboxOptions> options,
    IOptionsMonitor<IngestOptions> ingestOptions,
    ILogger<EventIngest> logger)
{
    /// <summary>The source of an event the API accepted, as its outbox row names it.</summary>
    public const string Source = "api";

    /// <summary>The answer header that says an answer is the stored first answer to an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task<IResult> AcceptAsync(object message, Type messageType, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        var contract = contracts.NameOf(messageType);
        var payload = JsonSerializer.Serialize(message, messageType, ContractJson.Options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.IngestTimeout);
        try
        {
            // Twice at most: a concurrent request that stored the same key first makes this one a repeat.
            for (var attempt = 0; ; attempt++)
            {
                await using var unitOfWork = await database.BeginAsync(deadline.Token);
                var keysSince = DateTimeOffset.UtcNow - ingestOptions.CurrentValue.IdempotencyKeyWindow;
                if (key is not null && await keys.FindAsync(unitOfWork, key.Caller, key.Value, keysSince) is { } first)
                {
                    return Repeat(key, first, contract, payload);
                }

                var messageId = await publishes.EnqueueAsync(unitOfWork, NewId.NextGuid(), Source, contract, payload, $"{Source}:{NewId.NextGuid()}", Activity.Current?.Id);
                if (key is not null && !await keys.TryAddAsync(unitOfWork, key.Caller, key.Value, new IngestKey(contract, Hash(contract, payload), messageId), keysSince) && attempt == 0)
                {
                    continue; // rolled back by the disposal
                }

                await unitOfWork.CommitAsync(deadline.Token);
                signal.Notify(OutboxPort.Publishes);
                return Results.Accepted(value: new IngestAccepted(messageId, contract));
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is DbException or TimeoutException or OperationCanceledException)
        {
            logger.LogError(e, "The store could not take a {Contract} event; answered 503", contract);
            return Results.Problem(
                title: "The hub's store is unavailable; the event was not accepted.",
                detail: "Nothing was stored. Send the event again later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Repeat(IdempotencyKey key, IngestKey first, string contract, string payload)
    {
        if (first.BodyHash != Hash(contract, payload))
        {
            return ApiProblems.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was used for another event.",
                $"The key '{ApiProblems.Quote(key.Value)}' was first sent with a different {(first.Contract == contract ? "body" : $"event type ({first.Contract})")}; nothing was stored. Use a new key for a new event.",
                new Dictionary<string, object?> { ["messageId"] = first.MessageId });
        }

        return new ReplayedResult(Results.Accepted(value: new IngestAccepted(first.MessageId, first.Contract)));
    }

    private static string Hash(string contract, string payload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{contract}\n{payload}")));

    /// <summary>The first answer again, marked as a replay.</summary>
    private sealed class ReplayedResult(IResult first) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[ReplayedHeader] = "true";
            return first.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>A client's <c>Idempotency-Key</c>, scoped to the caller that sent it.</summary>
internal sealed record IdempotencyKey(string Caller, string Value)
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    public static bool IsValid(string key) => key.Length is > 0 and <= MaxLength && key.All(c => c is >= '!' and <= '~');
}
