using System.Text.Json;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// The one JSON shape of contract messages, wherever the hub keeps or sends them: the outbox, timers, redeliveries,
/// the error store and the wire (MassTransit's raw JSON reads it, case-insensitively).
/// </summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
