namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>One recognised utterance of a live call, sent by the voice platform (<c>POST /api/voicebot/turn</c>).</summary>
/// <param name="Turn">0 asks for the greeting; a later turn with an empty text is silence (the caller said nothing).</param>
/// <param name="BargeIn">The caller spoke over the bot's prompt: the answer tells the platform to stop it.</param>
/// <param name="Phone">The called number (needed for the do-not-call list and the SMS after silence).</param>
public sealed record VoiceTurnRequest(string CallId, string Script, int Turn, string? Text, bool BargeIn = false, string? Phone = null, string? CustomerId = null);

/// <param name="Action"><see cref="DialogActions"/>: continue, transfer (to a human), hangup.</param>
/// <param name="StopPrompt">Stop playing the current prompt before this one (the caller barged in).</param>
/// <param name="Policy">The dialog policy that decided this turn (greeting, silence, opt-out, fraud-suspicion, transfer-offer, barge-in, script, worker-unavailable).</param>
public sealed record VoiceTurnResponse(string CallId, int Turn, string Prompt, string Action, string? Intent, double Confidence, string? Outcome, bool StopPrompt = false, string? Policy = null);

/// <summary>A call's dialog (collection <c>voice-calls</c>, key = call id): every turn is kept for quality review.</summary>
public sealed class VoiceCallState
{
    public string CallId { get; set; } = "";

    public string Script { get; set; } = "";

    public string? Phone { get; set; }

    public string? CustomerId { get; set; }

    public List<VoiceTurnRecord> Turns { get; set; } = [];

    public int FallbacksInRow { get; set; }

    public int SilencesInRow { get; set; }

    /// <summary>An offer the bot made and awaits an answer to (<see cref="DialogOffers"/>).</summary>
    public string? PendingOffer { get; set; }

    public bool FraudSuspected { get; set; }

    public string? Outcome { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

/// <param name="Policy">The dialog policy that decided the turn.</param>
/// <param name="At">When the hub answered the turn.</param>
public sealed record VoiceTurnRecord(
    int Turn,
    string? Text,
    bool BargeIn,
    string? Intent,
    double Confidence,
    string Prompt,
    string Action,
    string? Engine,
    string? Policy = null,
    DateTimeOffset? At = null);

public static class DialogOffers
{
    public const string Transfer = "transfer";
}
