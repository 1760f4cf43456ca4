using System.Text.Json;
using MassTransit;

namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>The contract types a plugin's queue takes, found by the names in <c>MT-MessageType</c>, and read from JSON.</summary>
internal sealed class PluginMessageTypes(string pluginId, IReadOnlyList<(Type Message, Type? Reply)> handlers, ContractRegistry contracts)
{
    private readonly Dictionary<string, (Type Message, Type? Reply)> _byUrn = handlers.ToDictionary(h => MessageUrn.ForTypeString(h.Message), StringComparer.Ordinal);

    public (Type Message, Type? Reply) Resolve(RabbitMqDelivery incoming)
    {
        var names = incoming.Header(MessageHeaders.MessageType)?.ToString() ?? string.Empty;
        foreach (var urn in names.Split(';'))
        {
            if (_byUrn.TryGetValue(urn, out var handler))
            {
                return handler;
            }
        }

        throw new InvalidOperationException($"No handler of plugin {pluginId} takes a message of type '{names}'.");
    }

    /// <summary>The message of <paramref name="type"/> in <paramref name="json"/>; a body that is not one is malformed (not retried).</summary>
    public object Read(ReadOnlyMemory<byte> json, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, type, ContractJson.Options) ?? throw Malformed(type, "the body is null");
        }
        catch (JsonException e)
        {
            throw Malformed(type, e.Message);
        }
    }

    private MalformedMessageException Malformed(Type type, string error) =>
        new(contracts.NameOf(type), new Dictionary<string, string[]> { ["$"] = [error] });
}
