namespace IntegrationHub.Contracts.Messaging;

/// <summary>
/// A message whose idempotency is decided by a business key rather than the transport message id:
/// two messages with the same key are handled once per handler, even when sent twice by the source system.
/// </summary>
public interface IHasBusinessKey
{
    string BusinessKey { get; }
}
