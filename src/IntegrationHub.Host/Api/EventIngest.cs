using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Outbox.Publishes;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Api;

/// <summary>
/// The publish step of <c>POST /api/events</c>: a validated event is stored in the outbox's publish port in a
/// transaction of its own and answered 202 at once; the <see cref="PublishDispatcher"/> publishes it when the broker
/// can take it, with the message id the client got (so a repeated publish is a duplicate the inboxes skip). A broker
/// outage costs latency, never an accepted event; a store that cannot take the event answers 503 at once.
/// </summary>
internal sealed class EventIngest(
    HubDatabase database,
    PublishOutboxStore publishes,
    OutboxSignal signal,
    ContractRegistry contracts,
    IOptions<OutboxOptions> options,
    ILogger<EventIngest> logger)
{
    /// <summary>The source of an event the API accepted, as its outbox row names it.</summary>
    public const string Source = "api";

    public async Task<IResult> AcceptAsync(object message, Type messageType, CancellationToken cancellationToken)
    {
        var contract = contracts.NameOf(messageType);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.IngestTimeout);
        Guid messageId;
        try
        {
            await using var unitOfWork = await database.BeginAsync(deadline.Token);
            messageId = await publishes.EnqueueAsync(
                unitOfWork, Source, contract, JsonSerializer.Serialize(message, messageType, DeferredPublisher.Json), $"{Source}:{NewId.NextGuid()}", Activity.Current?.Id);
            await unitOfWork.CommitAsync(deadline.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is DbException or TimeoutException or OperationCanceledException)
        {
            logger.LogError(e, "The store could not take a {Contract} event; answered 503", contract);
            return Results.Problem(
                title: "The hub's store is unavailable; the event was not accepted.",
                detail: "Nothing was stored. Send the event again later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        signal.Notify(OutboxPort.Publishes);
        return Results.Accepted(value: new IngestAccepted(messageId, contract));
    }
}
