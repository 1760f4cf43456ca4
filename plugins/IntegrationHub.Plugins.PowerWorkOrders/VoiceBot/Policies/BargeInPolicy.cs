namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// The caller spoke over the prompt (the platform's barge-in flag; the answer tells it to stop the prompt). An
/// utterance the script acts on is left to the script; one that would only make the bot ask its question again is
/// answered with a short "go on" instead, so the caller is not talked over twice. Unclear barge-ins still count
/// towards the script's fallback limit.
/// </summary>
public sealed class BargeInPolicy(PowerWorkOrdersOptions options) : IDialogPolicy
{
    public const string Name = "barge-in";

    public ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (!turn.Request.BargeIn || !turn.Spoke)
        {
            return ValueTask.FromResult<DialogDecision?>(null);
        }

        var mapped = turn.ScriptResponse;
        if (mapped is not null && mapped.Action != DialogActions.Continue)
        {
            return ValueTask.FromResult<DialogDecision?>(null);
        }

        if (mapped is null && turn.Call.FallbacksInRow >= turn.Script.MaxFallbacks)
        {
            return ValueTask.FromResult<DialogDecision?>(null); // the script's fallback limit hands the call over
        }

        turn.Call.FallbacksInRow = mapped is null ? turn.Call.FallbacksInRow + 1 : 0;
        return ValueTask.FromResult<DialogDecision?>(new DialogDecision(options.Dialog.BargeInPrompt, DialogActions.Continue, null, Name));
    }
}
