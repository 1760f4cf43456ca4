namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>
/// One dialog policy: looks at a turn and either decides the bot's answer or passes (null) to the next policy.
/// The dialog engine (<see cref="VoiceDialog"/>) asks them in registration order; the script policy always decides.
/// </summary>
public interface IDialogPolicy
{
    ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken);
}

/// <summary>What the caller said, as the reasoning worker read it with the script's intent set.</summary>
/// <param name="Unavailable">The worker did not answer in time.</param>
public sealed record IntentReading(string? Intent, double Confidence, string? Engine, bool Unavailable = false);

/// <param name="Policy">The deciding policy's name, recorded with the turn.</param>
public sealed record DialogDecision(string Prompt, string Action, string? Outcome, string Policy)
{
    public static DialogDecision From(ScriptResponse response, string policy, string hotline) =>
        new(response.Prompt.Replace("{hotline}", hotline, StringComparison.Ordinal), response.Action, response.Outcome, policy);
}

/// <summary>The turn being decided: the request, the call so far (policies update its counters), the script and the reading.</summary>
public sealed class DialogTurn(VoiceTurnRequest request, VoiceCallState call, VoiceScript script, IntentReading? reading, DateTimeOffset now)
{
    public VoiceTurnRequest Request { get; } = request;

    public VoiceCallState Call { get; } = call;

    public VoiceScript Script { get; } = script;

    /// <summary>Null when nothing was said (the greeting turn, silence).</summary>
    public IntentReading? Reading { get; } = reading;

    public DateTimeOffset Now { get; } = now;

    public bool Spoke => IsSpeech(Request);

    /// <summary>Turn 0 is the greeting; a later turn with no text is silence.</summary>
    public static bool IsSpeech(VoiceTurnRequest request) => request.Turn > 0 && !string.IsNullOrWhiteSpace(request.Text);

    /// <summary>The reading's intent when it is confident enough for the script, else null.</summary>
    public string? ConfidentIntent => Reading is { Intent: { } intent, Unavailable: false } r && r.Confidence >= Script.MinConfidence ? intent : null;

    public bool IsOneOf(IReadOnlyList<string> intents) => ConfidentIntent is { } intent && intents.Contains(intent, StringComparer.OrdinalIgnoreCase);

    /// <summary>The script's response to a confident, mapped intent; null when the script has none.</summary>
    public ScriptResponse? ScriptResponse => ConfidentIntent is { } intent && Script.Responses.TryGetValue(intent, out var mapped) ? mapped : null;
}
