using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Events.Hub;

/// <summary>
/// An end-to-end probe: the Diagnostics plugin asks the reasoning worker to classify <see cref="Text"/> and delivers
/// the answer through the outbox to its probe connector (idempotency key <c>probe:{Id}</c>), so one event crosses
/// ingest, the plugin, a worker and a connector. <c>hub bench e2e</c> measures it.
/// </summary>
[MessageContract("hub.probe")]
public sealed record Probe(string Id, DateTimeOffset SentAt, string Text = "我已经交过电费了") : IHasBusinessKey
{
    public string BusinessKey => $"probe:{Id}";
}
