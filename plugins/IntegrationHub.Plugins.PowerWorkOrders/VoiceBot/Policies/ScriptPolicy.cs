namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// The script: a confident intent it maps gets its prompt and action; anything else gets the fallback prompt, and
/// after <see cref="VoiceScript.MaxFallbacks"/> of them in a row the call goes to a human. Always decides.
/// </summary>
public sealed class ScriptPolicy(PowerWorkOrdersOptions options) : IDialogPolicy
{
    public const string Name = "script";

    public ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var hotline = options.Dialog.OfficialHotline;
        if (turn.ScriptResponse is { } mapped)
        {
            turn.Call.FallbacksInRow = 0;
            return ValueTask.FromResult<DialogDecision?>(DialogDecision.From(mapped, Name, hotline));
        }

        turn.Call.FallbacksInRow++;
        var response = turn.Call.FallbacksInRow > turn.Script.MaxFallbacks ? turn.Script.NotUnderstood : turn.Script.Fallback;
        return ValueTask.FromResult<DialogDecision?>(DialogDecision.From(response, Name, hotline));
    }
}
