using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// A refusal or do-not-call request ends the call politely, puts the number on the do-not-call list
/// (<see cref="DoNotCallList"/>) and publishes <see cref="CustomerOptedOut"/> for the campaigns and outside systems.
/// </summary>
public sealed class OptOutPolicy(PowerWorkOrdersOptions options, IPluginStore store, IMessagePublisher publisher) : IDialogPolicy
{
    public const string Name = "opt-out";

    public async ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (!turn.IsOneOf(options.Dialog.OptOutIntentsOrDefault))
        {
            return null;
        }

        var call = turn.Call;
        var entry = new DoNotCallEntry(call.Phone, call.CustomerId, call.CallId, call.Script, turn.Request.Text, turn.Now);
        await DoNotCallList.AddAsync(store, entry, cancellationToken);
        await publisher.PublishAsync(new CustomerOptedOut(call.Phone, call.CustomerId, call.CallId, call.Script, turn.Request.Text, turn.Now), cancellationToken);
        return DialogDecision.From(options.Dialog.OptOut, Name, options.Dialog.OfficialHotline);
    }
}
