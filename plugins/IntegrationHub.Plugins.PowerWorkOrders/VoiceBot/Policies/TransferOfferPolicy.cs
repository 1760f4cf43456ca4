namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// The turn after the bot offered a transfer: the answer is read with the confirm intent set; yes transfers, no goes
/// back to the script's question. An answer the script itself turns into a transfer, or one that is neither yes nor
/// no, is left to the policies after this one. The offer stands until the caller next speaks.
/// </summary>
public sealed class TransferOfferPolicy(PowerWorkOrdersOptions options, IntentReader intents) : IDialogPolicy
{
    public const string Name = "transfer-offer";

    private DialogOptions Settings => options.Dialog;

    public async ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Call.PendingOffer != DialogOffers.Transfer || !turn.Spoke)
        {
            return null;
        }

        turn.Call.PendingOffer = null;
        if (turn.ScriptResponse?.Action == DialogActions.Transfer)
        {
            return null;
        }

        var answer = await intents.ReadAsync(turn.Call.CallId, turn.Request.Text!, Settings.ConfirmIntentSet, cancellationToken);
        if (string.Equals(answer.Intent, Settings.AcceptIntent, StringComparison.OrdinalIgnoreCase))
        {
            return DialogDecision.From(Settings.TransferAccepted, Name, Settings.OfficialHotline);
        }

        if (string.Equals(answer.Intent, Settings.DeclineIntent, StringComparison.OrdinalIgnoreCase))
        {
            var prompt = Settings.TransferDeclinedPrompt.Replace("{hotline}", Settings.OfficialHotline, StringComparison.Ordinal) + turn.Script.QuestionOrGreeting;
            return new DialogDecision(prompt, DialogActions.Continue, null, Name);
        }

        return null;
    }
}
