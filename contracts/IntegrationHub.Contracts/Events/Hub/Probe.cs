using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Events.Hub;

/// <summary>
/// An end-to-end probe: the Diagnostics plugin asks the reasoning worker to classify <see cref="Text"/> and, when the
/// probe carries an <see cref="Image"/>, a perception worker to embed it, and delivers both answers through the outbox
/// to its probe connector (idempotency key <c>probe:{Id}</c>), so one event crosses ingest, the plugin, the workers
/// and a connector. <c>hub bench e2e</c> measures it.
/// </summary>
[MessageContract("hub.probe", Version = 2)]
public sealed record Probe(string Id, DateTimeOffset SentAt, string Text = "我已经交过电费了") : IHasBusinessKey
{
    /// <summary>
    /// Version 2 (contracts 1.3): an encoded image (PNG, JPEG…; base64 in JSON) for a perception worker to embed; null
    /// skips the perception step. An init property, so the constructor of version 1 is unchanged.
    /// </summary>
    public byte[]? Image { get; init; }

    public string BusinessKey => $"probe:{Id}";
}
