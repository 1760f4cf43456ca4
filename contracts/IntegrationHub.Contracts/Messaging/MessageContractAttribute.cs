namespace IntegrationHub.Contracts.Messaging;

/// <summary>
/// Gives a contract message its stable identity: the name used on the wire (exchange/queue names),
/// in <c>POST /api/events/{name}</c>, in the error store and in the CLI. The name never changes
/// once published; a breaking change is a new record with a new name (for example <c>…-v2</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageContractAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Contract revision, raised for every additive change (new optional member).</summary>
    public int Version { get; init; } = 1;
}
