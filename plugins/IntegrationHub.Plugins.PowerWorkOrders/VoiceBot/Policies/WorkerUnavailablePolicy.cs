namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>The reasoning worker did not answer in time: the caller is handed to a human rather than kept waiting.</summary>
public sealed class WorkerUnavailablePolicy : IDialogPolicy
{
    public ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(turn.Reading is { Unavailable: true }
            ? new DialogDecision(turn.Script.WorkerUnavailable.Prompt, turn.Script.WorkerUnavailable.Action, turn.Script.WorkerUnavailable.Outcome, "worker-unavailable")
            : null);
}
