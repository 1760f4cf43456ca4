using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Storage.Errors;
using IntegrationHub.Storage.Outbox;
using MassTransit;

namespace IntegrationHub.Host.Errors;

public enum ReplayStatus
{
    Replayed,
    NotFound,
    AlreadyReplayed,
    Invalid,
}

public sealed record ReplayOutcome(Guid Id, ReplayStatus Status, string Message);

/// <summary>What an operator sees of the error store, and how a failed item goes back into the flow.</summary>
public sealed record ErrorView(
    Guid Id, string Kind, string Endpoint, string MessageType, string? MessageId, string Reason, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? ReplayedAt, JsonNode? Message, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Lists the error store and replays from it: a failed message is sent again to the queue it failed on
/// (optionally with a corrected body, validated like any ingested message), a failed delivery is put back in the outbox.
/// </summary>
internal sealed class ErrorReplayer(ErrorStore errors, DeliveryOutboxStore deliveries, PublishOutboxStore publishes, TimerChangeStore timers, ISendEndpointProvider sendEndpoints, QueueAddresses addresses, ContractRegistry contracts, ContractValidator validator, OutboxSignal signal)
{
    public async Task<IReadOnlyList<ErrorView>> ListAsync(bool includeReplayed, int limit, CancellationToken cancellationToken)
    {
        var records = await errors.ListAsync(includeReplayed, limit, cancellationToken);
        return records.Select(View).ToList();
    }

    public async Task<ErrorView?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await errors.GetAsync(id, cancellationToken) is { } record ? View(record) : null;

    /// <summary>Removes an error for good (an operator decided it needs no replay); false when there was none.</summary>
    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => errors.DeleteAsync(id, cancellationToken);

    private ErrorView View(ErrorRecord r) => new(
        r.Id, r.Kind, r.Endpoint, ContractName(r.MessageType), r.MessageId, r.Reason, r.Attempts, r.CreatedAt, r.ReplayedAt,
        r.Kind == ErrorKinds.Message ? FailedMessageBody.MessageOf(r.Body) : null, r.Headers);

    public async Task<ReplayOutcome> ReplayAsync(Guid id, JsonObject? corrected, CancellationToken cancellationToken)
    {
        var record = await errors.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return new ReplayOutcome(id, ReplayStatus.NotFound, "No such error.");
        }

        if (record.ReplayedAt is not null)
        {
            return new ReplayOutcome(id, ReplayStatus.AlreadyReplayed, $"Already replayed at {record.ReplayedAt:O}.");
        }

        if (record.Kind is ErrorKinds.Delivery or ErrorKinds.Publish or ErrorKinds.TimerChange)
        {
            return await RequeueAsync(record, cancellationToken);
        }

        if (!TryContractType(record.MessageType, out var type))
        {
            return new ReplayOutcome(id, ReplayStatus.Invalid, $"'{record.MessageType}' is not a contract this hub knows; it cannot be replayed.");
        }

        var json = corrected ?? FailedMessageBody.MessageOf(record.Body) as JsonObject;
        if (json is null)
        {
            return new ReplayOutcome(id, ReplayStatus.Invalid, "The stored message is unreadable; replay it with a corrected body.");
        }

        object message;
        try
        {
            message = json.Deserialize(type, ContractJson.Options)!;
        }
        catch (JsonException e)
        {
            return new ReplayOutcome(id, ReplayStatus.Invalid, $"The body is not a valid {contracts.NameOf(type)}: {e.Message}");
        }

        var fieldErrors = validator.Validate(message);
        if (fieldErrors.Count > 0)
        {
            return new ReplayOutcome(id, ReplayStatus.Invalid, $"Still malformed: {string.Join("; ", fieldErrors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"))}");
        }

        if (!await errors.MarkReplayedAsync(id, cancellationToken))
        {
            return new ReplayOutcome(id, ReplayStatus.AlreadyReplayed, "Replayed by someone else just now.");
        }

        var endpoint = await sendEndpoints.GetSendEndpoint(addresses.For(record.Endpoint));
        await endpoint.Send(message, type, Pipe.Execute<SendContext>(send =>
        {
            if (Guid.TryParse(record.MessageId, out var messageId))
            {
                send.MessageId = messageId;
            }

            send.Headers.Set(HubHeaders.ReplayOf, id.ToString());
        }), cancellationToken);
        return new ReplayOutcome(id, ReplayStatus.Replayed, $"Sent again to {record.Endpoint}.");
    }

    /// <summary>Puts a failed outbox entry back in line in its port.</summary>
    private async Task<ReplayOutcome> RequeueAsync(ErrorRecord record, CancellationToken cancellationToken)
    {
        var entry = Guid.Parse(record.Body);
        var requeued = record.Kind switch
        {
            ErrorKinds.Publish => await publishes.RequeueAsync(entry, cancellationToken),
            ErrorKinds.TimerChange => await timers.RequeueAsync(entry, cancellationToken),
            _ => await deliveries.RequeueAsync(entry, cancellationToken),
        };
        if (!requeued)
        {
            return new ReplayOutcome(record.Id, ReplayStatus.Invalid, "The entry is no longer failed in the outbox.");
        }

        await errors.MarkReplayedAsync(record.Id, cancellationToken);
        signal.Notify();
        return new ReplayOutcome(record.Id, ReplayStatus.Replayed, record.Kind == ErrorKinds.Delivery
            ? $"Delivery back in the outbox for connector '{record.Endpoint}'."
            : $"Back in the outbox port '{record.Endpoint}'.");
    }

    private string ContractName(string urn) => TryContractType(urn, out var type) ? contracts.NameOf(type) : urn;

    private bool TryContractType(string urnOrName, out Type type)
    {
        if (contracts.TryGetType(urnOrName, out type))
        {
            return true;
        }

        foreach (var name in contracts.Names)
        {
            contracts.TryGetType(name, out var candidate);
            if (MessageUrn.ForTypeString(candidate) == urnOrName)
            {
                type = candidate;
                return true;
            }
        }

        type = null!;
        return false;
    }
}
