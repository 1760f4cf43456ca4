using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Events.Hub;

/// <summary>
/// A smoke-test message: the Diagnostics plugin handles it (inbox and unit of work included) and does nothing
/// else, so an operator can see the whole path work, and <c>hub bench bus</c> can measure it.
/// </summary>
[MessageContract("hub.ping")]
public sealed record Ping(Guid Id, DateTimeOffset SentAt, string? Note = null);
