using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Power.Events;

/// <summary>
/// A result callback from the voice outbound-call platform for one number of a call task.
/// </summary>
/// <param name="TaskId">The call task (the hub's id, sent at creation).</param>
/// <param name="DialStatus"><c>answered</c>, <c>no-answer</c>, <c>busy</c>, <c>rejected</c>, <c>unreachable</c>, <c>failed</c>, <c>cancelled</c>.</param>
/// <param name="Intent">The intent the platform (or the hub's dialog turns) recognised, for example <c>知晓</c> or <c>有异议</c>.</param>
/// <param name="Final">True when the platform will not try this number again (answered, or its attempts are used up).</param>
[MessageContract("power.voice-call-result-received")]
public sealed record VoiceCallResultReceived(
    string CallId,
    string TaskId,
    string PhoneNumber,
    string DialStatus,
    int DurationSeconds,
    int Attempt,
    bool Final,
    DateTimeOffset EndedAt,
    string? Intent = null,
    string? Transcript = null,
    string? ScriptId = null) : IHasBusinessKey
{
    public string BusinessKey => $"call-result:{CallId}:{Attempt}";
}

/// <summary>A live voice-bot conversation ended (the hub decided to hang up or transfer).</summary>
/// <param name="Outcome">The script's outcome for the last intent, for example <c>promised-to-pay</c>, <c>acknowledged</c>, <c>objection</c>, <c>transferred</c>.</param>
[MessageContract("power.voice-call-completed")]
public sealed record VoiceCallCompleted(
    string CallId,
    string Script,
    string Outcome,
    string Action,
    int Turns,
    string? LastIntent,
    DateTimeOffset CompletedAt) : IHasBusinessKey
{
    public string BusinessKey => $"call-completed:{CallId}";
}
