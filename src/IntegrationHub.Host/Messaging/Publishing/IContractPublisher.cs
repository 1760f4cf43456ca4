using System.Text;
using System.Text.Json;
using MassTransit;

namespace IntegrationHub.Host.Messaging.Publishing;

/// <summary>
/// Puts a contract message that is already its contract's JSON on the bus, in the hub's wire format: raw JSON, the
/// message id as the transport's message id, the contract's exchange. The outbox's publish port hands over what it
/// stored as it is, so a publish costs no second serialization.
/// </summary>
public interface IContractPublisher
{
    Task PublishAsync(ContractMessage message, CancellationToken cancellationToken);
}

/// <summary>A message for <see cref="IContractPublisher"/>.</summary>
/// <param name="MessageId">A MassTransit <c>NewId</c>: receivers read the message's sent time from it.</param>
/// <param name="Json">The contract's JSON (web defaults: camelCase), the whole body on the wire.</param>
/// <param name="Headers">Hub headers (<see cref="HubHeaders"/>) to send along.</param>
public sealed record ContractMessage(Guid MessageId, string Contract, Type Type, ReadOnlyMemory<byte> Json, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>A contract message object under a new message id.</summary>
    public static ContractMessage Of(object message, ContractRegistry contracts, IReadOnlyDictionary<string, string>? headers = null)
    {
        var type = message.GetType();
        return new ContractMessage(NewId.NextGuid(), contracts.NameOf(type), type, JsonSerializer.SerializeToUtf8Bytes(message, type, ContractJson.Options), headers ?? NoHeaders);
    }

    /// <summary>A contract message the hub stored as its JSON text (the outbox, a timer), sent as it is.</summary>
    public static ContractMessage Stored(Guid messageId, Type type, string json, ContractRegistry contracts, IReadOnlyDictionary<string, string> headers) =>
        new(messageId, contracts.NameOf(type), type, Encoding.UTF8.GetBytes(json), headers);
}
