using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>
/// The dialog engine: for each turn of a live call it reads the utterance with the script's intent set (reasoning
/// worker, offline engine by default), asks the dialog policies in order (greeting, silence, worker unavailable,
/// opt-out, fraud suspicion, transfer offer, barge-in, script) for the answer, ends a call that ran too long, and
/// records the turn for quality review. A repeated turn (the platform retrying) gets the same answer. The outcome is
/// stored and published as <see cref="VoiceCallCompleted"/>.
/// </summary>
public sealed class VoiceDialog(PowerWorkOrdersOptions options, IntentReader intents, IEnumerable<IDialogPolicy> policies, IPluginStore store, IMessagePublisher publisher)
{
    public const string Calls = "voice-calls";

    public async Task<VoiceTurnResponse> NextAsync(VoiceTurnRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!options.Scripts.TryGetValue(request.Script, out var script))
        {
            throw new KeyNotFoundException($"No voice script named '{request.Script}' (configured: {string.Join(", ", options.Scripts.Keys)}).");
        }

        var found = await store.GetAsync<VoiceCallState>(Calls, request.CallId, cancellationToken);
        var call = found?.Value ?? new VoiceCallState { CallId = request.CallId, Script = request.Script, StartedAt = now };
        if (call.Turns.FirstOrDefault(t => t.Turn == request.Turn) is { } done)
        {
            return new VoiceTurnResponse(request.CallId, done.Turn, done.Prompt, done.Action, done.Intent, done.Confidence, call.Outcome, request.BargeIn, done.Policy);
        }

        if (call.Outcome is not null)
        {
            return new VoiceTurnResponse(request.CallId, request.Turn, "", DialogActions.HangUp, null, 0, call.Outcome, request.BargeIn, "ended");
        }

        call.Phone ??= request.Phone;
        call.CustomerId ??= request.CustomerId;
        var reading = DialogTurn.IsSpeech(request) ? await intents.ReadAsync(request.CallId, request.Text!, script.IntentSet ?? request.Script, cancellationToken) : null;
        var turn = new DialogTurn(request, call, script, reading, now);
        DialogDecision? decision = null;
        foreach (var policy in policies)
        {
            decision = await policy.DecideAsync(turn, cancellationToken);
            if (decision is not null)
            {
                break;
            }
        }

        if (decision is null)
        {
            throw new InvalidOperationException("No dialog policy decided the turn; the script policy must be registered last.");
        }

        if (decision.Action == DialogActions.Continue && call.Turns.Count + 1 >= script.MaxTurns)
        {
            decision = DialogDecision.From(script.Closing, "max-turns", options.Dialog.OfficialHotline);
        }

        return await RecordAsync(call, found?.Version, turn, decision, cancellationToken);
    }

    private async Task<VoiceTurnResponse> RecordAsync(VoiceCallState call, long? version, DialogTurn turn, DialogDecision decision, CancellationToken cancellationToken)
    {
        var (request, reading) = (turn.Request, turn.Reading);
        call.Turns.Add(new VoiceTurnRecord(request.Turn, request.Text, request.BargeIn, reading?.Intent, reading?.Confidence ?? 0, decision.Prompt, decision.Action, reading?.Engine, decision.Policy, turn.Now));
        if (decision.Action != DialogActions.Continue)
        {
            call.Outcome = decision.Outcome ?? (decision.Action == DialogActions.Transfer ? "transferred" : "completed");
            call.EndedAt = turn.Now;
        }

        await store.PutAsync(Calls, call.CallId, call, version ?? 0, cancellationToken);
        if (call.Outcome is not null)
        {
            await publisher.PublishAsync(new VoiceCallCompleted(call.CallId, call.Script, call.Outcome, decision.Action, call.Turns.Count, reading?.Intent, turn.Now), cancellationToken);
        }

        return new VoiceTurnResponse(call.CallId, request.Turn, decision.Prompt, decision.Action, reading?.Intent, reading?.Confidence ?? 0, call.Outcome, request.BargeIn, decision.Policy);
    }
}

public static class VoiceDialogServices
{
    /// <summary>The dialog engine and its policies, in the order they are asked (the script policy last: it always decides).</summary>
    public static IServiceCollection AddVoiceDialog(this IServiceCollection services)
    {
        services.AddTransient<IntentReader>();
        services.AddTransient<IDialogPolicy, GreetingPolicy>();
        services.AddTransient<IDialogPolicy, SilencePolicy>();
        services.AddTransient<IDialogPolicy, WorkerUnavailablePolicy>();
        services.AddTransient<IDialogPolicy, OptOutPolicy>();
        services.AddTransient<IDialogPolicy, FraudSuspicionPolicy>();
        services.AddTransient<IDialogPolicy, TransferOfferPolicy>();
        services.AddTransient<IDialogPolicy, BargeInPolicy>();
        services.AddTransient<IDialogPolicy, ScriptPolicy>();
        services.AddTransient<VoiceDialog>();
        return services;
    }
}
