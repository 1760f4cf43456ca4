namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>Turn 0: the script's greeting.</summary>
public sealed class GreetingPolicy(PowerWorkOrdersOptions options) : IDialogPolicy
{
    public ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(turn.Request.Turn == 0
            ? new DialogDecision(turn.Script.Greeting.Replace("{hotline}", options.Dialog.OfficialHotline, StringComparison.Ordinal), DialogActions.Continue, null, "greeting")
            : null);
}
