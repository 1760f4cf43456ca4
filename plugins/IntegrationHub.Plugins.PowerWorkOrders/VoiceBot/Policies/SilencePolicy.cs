using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot.Policies;

/// <summary>
/// Silence (a turn with no text): a reprompt, at most <see cref="SilenceOptions.MaxReprompts"/> in a row; the next
/// silent turn closes the call and sends the script's SMS (fallback connector, <c>message.send</c>) instead.
/// Speech resets the count.
/// </summary>
public sealed class SilencePolicy(PowerWorkOrdersOptions options, IOutbox outbox, ILogger<SilencePolicy> logger) : IDialogPolicy
{
    public const string Name = "silence";

    private SilenceOptions Settings => options.Dialog.Silence;

    public async ValueTask<DialogDecision?> DecideAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Spoke)
        {
            turn.Call.SilencesInRow = 0;
            return null;
        }

        turn.Call.SilencesInRow++;
        var reprompts = Settings.RepromptsOrDefault;
        if (turn.Call.SilencesInRow <= Settings.MaxReprompts)
        {
            return new DialogDecision(reprompts[Math.Min(turn.Call.SilencesInRow, reprompts.Count) - 1], DialogActions.Continue, null, Name);
        }

        await SendSmsAsync(turn, cancellationToken);
        return DialogDecision.From(Settings.Closing, Name, options.Dialog.OfficialHotline);
    }

    private async Task SendSmsAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(turn.Call.Phone))
        {
            logger.LogWarning("Call {CallId} closed after silence, but the platform sent no phone number: no SMS", turn.Call.CallId);
            return;
        }

        var text = (turn.Script.SilenceSms ?? Settings.Sms).Replace("{hotline}", options.Dialog.OfficialHotline, StringComparison.Ordinal);
        var payload = new JsonObject
        {
            ["phone"] = turn.Call.Phone,
            ["customerId"] = turn.Call.CustomerId,
            ["text"] = text,
            ["callId"] = turn.Call.CallId,
            ["reason"] = "no-response",
        };
        await outbox.EnqueueAsync(new OutboxDelivery(options.FallbackConnector, "message.send", payload, $"voice:{turn.Call.CallId}:silence-sms", $"voice:{turn.Call.CallId}"), cancellationToken);
    }
}
