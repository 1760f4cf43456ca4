using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>
/// A customer asked on a voice-bot call not to be called again (refusal, do-not-call request). The PowerWorkOrders
/// plugin has already put the number on its do-not-call list; campaigns and outside systems drop it from theirs.
/// </summary>
/// <param name="Phone">The called number as the voice platform sent it; null when it sent none.</param>
/// <param name="Utterance">What the customer said.</param>
[MessageContract("power.customer-opted-out")]
public sealed record CustomerOptedOut(
    string? Phone,
    string? CustomerId,
    string CallId,
    string Script,
    string? Utterance,
    DateTimeOffset OptedOutAt) : IHasBusinessKey
{
    public string BusinessKey => $"opted-out:{CallId}";
}
