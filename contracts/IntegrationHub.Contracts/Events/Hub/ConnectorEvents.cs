using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Events.Hub;

/// <summary>
/// A system behind a connector called the hub back (<c>POST /callbacks/{connector}/{operation}</c>), signature checked.
/// One event per item of the body; the plugin that owns the connector reads <see cref="Payload"/> and maps it to its own events.
/// </summary>
/// <param name="Connector">The connector's name (<c>Connectors:{name}</c>).</param>
/// <param name="Operation">What the caller reports, as its route names it (for example <c>status</c> or <c>approval</c>).</param>
/// <param name="Key">The item's identity: a hash of connector, operation and payload, so a repeated callback is one message.</param>
/// <param name="Payload">The item as a JSON object, with the connector's <c>Callbacks:Fields</c> added.</param>
[MessageContract("hub.connector-callback-received")]
public sealed record ConnectorCallbackReceived(
    string Connector,
    string Operation,
    string Key,
    string Payload,
    DateTimeOffset ReceivedAt) : IHasBusinessKey
{
    public string BusinessKey => $"callback:{Connector}:{Operation}:{Key}";
}

/// <summary>
/// The status column of a row in a connector's interface table changed (found by polling, <c>db-table</c> connectors).
/// </summary>
/// <param name="Table">The interface table.</param>
/// <param name="Key">The row's key column (the idempotency key the hub wrote it with).</param>
/// <param name="Status">The status column's new value, the target's own code.</param>
/// <param name="PreviousStatus">The value seen before (or the connector's <c>InitialStatus</c>), null for none.</param>
/// <param name="CorrelationKey">The row's correlation column (the hub's reference written with it), when configured.</param>
/// <param name="ExternalId">The row's external-id column (the target's own number), when configured.</param>
[MessageContract("hub.interface-row-changed")]
public sealed record InterfaceRowChanged(
    string Connector,
    string Table,
    string Key,
    string Status,
    DateTimeOffset ChangedAt,
    string? PreviousStatus = null,
    string? CorrelationKey = null,
    string? ExternalId = null) : IHasBusinessKey
{
    public string BusinessKey => $"row-changed:{Connector}:{Key}:{Status}";
}
