namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// The caller suspects fraud: the bot says how to verify the call independently (the official hotline; no link,
/// no payment over the phone) and offers a transfer to a human (<see cref="TransferOfferPolicy"/> reads the answer).
/// Suspected a second time, the call goes straight to a human.
/// </summary>
public sealed class FraudSuspicionPolicy(PowerWorkOrdersOptions options) : IDialogPolicy
{
    public const string Name = "fraud-suspicion";

    public ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (!turn.IsOneOf(options.Dialog.FraudIntentsOrDefault))
        {
            return ValueTask.FromResult<DialogDecision?>(null);
        }

        if (turn.Call.FraudSuspected)
        {
            turn.Call.PendingOffer = null;
            return ValueTask.FromResult<DialogDecision?>(DialogDecision.From(options.Dialog.TransferAccepted, Name, options.Dialog.OfficialHotline));
        }

        turn.Call.FraudSuspected = true;
        turn.Call.PendingOffer = DialogOffers.Transfer;
        var prompt = options.Dialog.FraudSuspicionPrompt.Replace("{hotline}", options.Dialog.OfficialHotline, StringComparison.Ordinal);
        return ValueTask.FromResult<DialogDecision?>(new DialogDecision(prompt, DialogActions.Continue, null, Name));
    }
}
